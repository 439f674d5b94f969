import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { eventually, graphql, ownKafkaBroker, tokenFor } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import { startTestDistricts } from '../services/districts/test/support/districts';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import { startTestGateway } from './support/gateway';

const REPORTED = /* GraphQL */ `
  subscription ($districtId: ID) {
    caseloadReported(districtId: $districtId) {
      id
      month
      version
      district {
        name
        latestCaseloadReport {
          month
          eligibleJobseekers
        }
        staffingRequirement {
          caseloadMonth
        }
      }
    }
  }
`;

interface Received {
  data?: { caseloadReported: { id?: string; month: string; district: Record<string, unknown> } };
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Collects what a subscription receives, and how it ended. */
function collector() {
  const received: Received[] = [];
  let ended: unknown = undefined;
  return {
    received,
    ended: () => ended,
    sink: {
      next: (value: unknown) => void received.push(value as Received),
      error: (error: unknown) => void (ended = error ?? 'error'),
      complete: () => void (ended = ended ?? 'complete'),
    },
  };
}

const report = (districtId: string, month: string, eligibleJobseekers: number) => /* GraphQL */ `
  mutation {
    reportCaseload(
      input: {
        districtId: "${districtId}"
        month: "${month}"
        figures: {
          benefitHouseholds: 2000
          eligibleJobseekers: ${eligibleJobseekers}
          eligibleJobseekersUnder25: 500
          longTermRecipients: 1500
          integrations: 30
          subsistenceBenefits: 90000000
        }
      }
    ) {
      id
    }
  }
`;

describe('subscriptions at the gateway, fed by Kafka', () => {
  let districts: DistrictsService;
  let personnel: PersonnelService;
  let gateway: RunningGateway;
  let county: string;
  let base: string;
  const wsClients: WsClient[] = [];

  const wsClient = (authorization: string, onClose?: (event: unknown) => void) => {
    const client = createWsClient({
      url: base.replace('http', 'ws') + '/graphql/ws',
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: false,
      on: onClose ? { closed: onClose } : undefined,
    });
    wsClients.push(client);
    return client;
  };
  const sseClient = (authorization: string) =>
    createSseClient({
      url: `${base}/graphql/stream`,
      headers: { authorization },
      retryAttempts: 0,
    });
  const following = () =>
    eventually(async () => {
      const health = (await (await fetch(`${base}/health`)).json()) as {
        subscriptions: { following: boolean };
      };
      return health.subscriptions.following;
    }, 'the gateway following the events');
  const subscribers = async () =>
    ((await (await fetch(`${base}/health`)).json()) as { subscriptions: { subscribers: number } })
      .subscriptions.subscribers;

  // A broker of its own: the reports made here reach no other suite's consumers.
  const broker = ownKafkaBroker('subscriptions');

  beforeAll(async () => {
    const brokers = broker.start();
    [districts, personnel] = await Promise.all([
      startTestDistricts({ brokers }),
      startTestPersonnel({ brokers }),
    ]);
    const urls = { SUBGRAPH_DISTRICTS_URL: districts.url, SUBGRAPH_PERSONNEL_URL: personnel.url };
    gateway = await startTestGateway(subgraphDefinitions(urls), {
      ...urls,
      KAFKA_BROKERS: brokers.join(','),
    });
    base = gateway.url.replace(/\/graphql$/, '');
    county = `Bearer ${await tokenFor('county_staff')}`;
    await following();
  });
  afterAll(async () => {
    await Promise.all(wsClients.map((client) => client.dispose()));
    await gateway?.stop();
    await personnel?.stop();
    await districts?.stop();
    broker.stop();
  });

  it('delivers a caseload report made through the gateway over SSE and graphql-ws, with fields of districts and personnel', async () => {
    const overSse = collector();
    const overWs = collector();
    const before = await subscribers();
    const sse = sseClient(county);
    const stopSse = sse.subscribe(
      { query: REPORTED, variables: { districtId: 'datteln' } },
      overSse.sink,
    );
    const stopWs = wsClient(county).subscribe(
      { query: REPORTED, variables: { districtId: 'datteln' } },
      overWs.sink,
    );
    await eventually(async () => (await subscribers()) === before + 2, 'both subscribed');

    const made = await graphql(
      base + '/graphql',
      report('datteln', '2024-03', 3210),
      {},
      county.slice(7),
    );
    expect(made.errors).toBeUndefined();
    // Another district's report is not for these subscribers.
    await graphql(base + '/graphql', report('haltern', '2024-03', 1), {}, county.slice(7));

    for (const subscriber of [overSse, overWs]) {
      await eventually(async () => subscriber.received.length > 0, 'the event');
      expect(subscriber.received[0]!.errors).toBeUndefined();
      expect(subscriber.received[0]!.data!.caseloadReported).toMatchObject({
        month: '2024-03',
        version: 1,
        district: {
          latestCaseloadReport: { month: '2024-03', eligibleJobseekers: 3210 },
          // Resolved by personnel (null until the district's staffing is derived, but asked of it).
        },
      });
      expect(subscriber.received[0]!.data!.caseloadReported.district).toHaveProperty(
        'staffingRequirement',
      );
    }
    stopSse();
    stopWs();
    sse.dispose();
  });

  it('refuses a missing or bad token at subscribe time', async () => {
    const response = await fetch(`${base}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: REPORTED }),
    });
    expect(response.status).toBe(401);
    const forged = await fetch(`${base}/graphql/stream`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `${county}x`,
      },
      body: JSON.stringify({ query: REPORTED }),
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as Received).errors?.[0]?.message).toMatch(/not valid/);

    let closed: { code?: number; reason?: string } | undefined;
    const client = wsClient(`${county}x`, (event) => (closed = event as typeof closed));
    client.subscribe(
      { query: REPORTED },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await eventually(async () => closed, 'the socket closed');
    expect(closed!.code).toBe(4401);
  });
});
