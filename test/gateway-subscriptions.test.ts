import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { eventProducer, eventually, graphql, ownKafkaBroker, tokenFor } from '@jobcenter/testing';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
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
  errors?: { message: string; extensions?: Record<string, unknown> }[];
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
          eligibleJobseekersUnder25: ${Math.floor(eligibleJobseekers / 4)}
          longTermRecipients: ${Math.floor(eligibleJobseekers / 2)}
          integrations: 30
          subsistenceBenefits: 90000000
        }
      }
    ) {
      id
    }
  }
`;

const HEALTH = async (base: string) =>
  (await (await fetch(`${base}/health`)).json()) as {
    subscriptions: {
      following: boolean;
      subscribers: number;
      events: { delivered: number; withheld: number; replayed: number; cut_off: number };
    };
  };

describe('subscriptions at the gateway, fed by Kafka', () => {
  let districts: DistrictsService;
  let personnel: PersonnelService;
  let gateway: RunningGateway;
  /** A second replica, with a small buffer per subscriber. */
  let replica: RunningGateway;
  let producer: Awaited<ReturnType<typeof eventProducer>>;
  let county: string;
  let base: string;
  let replicaBase: string;
  const wsClients: WsClient[] = [];

  const wsClient = (
    authorization: string,
    onClose?: (event: unknown) => void,
    at = base,
    webSocketImpl: unknown = WebSocket,
  ) => {
    const client = createWsClient({
      url: at.replace('http', 'ws') + '/graphql/ws',
      webSocketImpl,
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: false,
      // Closes are asserted through `closed`, not logged.
      onNonLazyError: () => undefined,
      on: onClose ? { closed: onClose } : undefined,
    });
    wsClients.push(client);
    return client;
  };
  const sseClient = (authorization: string, at = base) =>
    createSseClient({
      url: `${at}/graphql/stream`,
      headers: { authorization },
      retryAttempts: 0,
    });
  const following = (at: string) =>
    eventually(
      async () => (await HEALTH(at)).subscriptions.following,
      'the gateway following the events',
    );
  const subscribers = async (at = base) => (await HEALTH(at)).subscriptions.subscribers;
  const bearer = async (...args: Parameters<typeof tokenFor>) =>
    `Bearer ${await tokenFor(...args)}`;
  const mutate = async (query: string, variables: Record<string, unknown>, as: string) => {
    const result = await graphql(base + '/graphql', query, variables, as.slice(7));
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, Record<string, unknown>>;
  };

  // A broker of its own: the reports made here reach no other suite's consumers.
  const broker = ownKafkaBroker('subscriptions');

  beforeAll(async () => {
    const brokers = broker.start();
    [districts, personnel, producer] = await Promise.all([
      startTestDistricts({ brokers }),
      startTestPersonnel({ brokers }),
      eventProducer(brokers),
    ]);
    const urls = { SUBGRAPH_DISTRICTS_URL: districts.url, SUBGRAPH_PERSONNEL_URL: personnel.url };
    const env = { ...urls, KAFKA_BROKERS: brokers.join(',') };
    [gateway, replica] = await Promise.all([
      startTestGateway(subgraphDefinitions(urls), env),
      startTestGateway(subgraphDefinitions(urls), { ...env, SUBSCRIPTION_BUFFER_EVENTS: '20' }),
    ]);
    base = gateway.url.replace(/\/graphql$/, '');
    replicaBase = replica.url.replace(/\/graphql$/, '');
    county = await bearer('county_staff');
    await Promise.all([following(base), following(replicaBase)]);
  });
  afterAll(async () => {
    await Promise.all(wsClients.map((client) => client.dispose()));
    await Promise.all([gateway?.stop(), replica?.stop()]);
    await producer?.stop();
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

    await mutate(report('datteln', '2024-03', 3210), {}, county);
    // Another district's report is not for these subscribers.
    await mutate(report('haltern-am-see', '2024-03', 100), {}, county);

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

  it('delivers every event to the subscribers of each gateway replica', async () => {
    const atFirst = collector();
    const atReplica = collector();
    const query = { query: REPORTED, variables: { districtId: 'gladbeck' } };
    const stops = [
      wsClient(county).subscribe(query, atFirst.sink),
      wsClient(county, undefined, replicaBase).subscribe(query, atReplica.sink),
    ];
    await eventually(async () => (await subscribers(replicaBase)) > 0, 'subscribed at the replica');
    await eventually(async () => (await subscribers()) > 0, 'subscribed at the first gateway');
    await mutate(report('gladbeck', '2024-05', 4321), {}, county);
    for (const subscriber of [atFirst, atReplica])
      await eventually(async () => subscriber.received.length > 0, 'the event at each replica');
    expect(atReplica.received[0]!.data!.caseloadReported.id).toBe(
      atFirst.received[0]!.data!.caseloadReported.id,
    );
    expect(atReplica.received[0]!.data!.caseloadReported.district).toMatchObject({
      latestCaseloadReport: { month: '2024-05', eligibleJobseekers: 4321 },
    });
    stops.forEach((stop) => stop());
  });

  it('replays exactly the events missed after the last cursor, once and in order, then goes on live (on another replica)', async () => {
    const RESUMABLE = /* GraphQL */ `
      subscription ($districtId: ID, $after: String) {
        caseloadReported(districtId: $districtId, after: $after) {
          id
          cursor
          month
          district {
            latestCaseloadReport {
              month
            }
          }
        }
      }
    `;
    type Event = { id: string; cursor: string; month: string };
    const first = collector();
    const stopFirst = wsClient(county).subscribe(
      { query: RESUMABLE, variables: { districtId: 'herten' } },
      first.sink,
    );
    // Stays subscribed at the replica: once it has an event, the replica's feed has read it.
    const passive = collector();
    const stopPassive = wsClient(county, undefined, replicaBase).subscribe(
      { query: RESUMABLE, variables: { districtId: 'herten' } },
      passive.sink,
    );
    await eventually(async () => (await subscribers()) > 0, 'subscribed');
    await eventually(async () => (await subscribers(replicaBase)) > 0, 'subscribed at the replica');
    await mutate(report('herten', '2023-01', 1000), {}, county);
    await eventually(async () => first.received.length === 1, 'the first event');
    stopFirst();
    const seen = first.received[0]!.data!.caseloadReported as unknown as Event;
    expect(seen.cursor).toMatch(/^[A-Za-z0-9_-]+$/);

    // Disconnected: three reports of this district, and one of another between them.
    await mutate(report('herten', '2023-02', 1001), {}, county);
    await mutate(report('marl', '2023-02', 2001), {}, county);
    await mutate(report('herten', '2023-03', 1002), {}, county);
    await mutate(report('herten', '2023-04', 1003), {}, county);

    await eventually(async () => passive.received.length === 4, 'the replica past the reports');
    const before = (await HEALTH(replicaBase)).subscriptions.events.replayed;
    const resumed = collector();
    const stopResumed = sseClient(county, replicaBase).subscribe(
      { query: RESUMABLE, variables: { districtId: 'herten', after: seen.cursor } },
      resumed.sink,
    );
    await eventually(async () => resumed.received.length >= 3, 'the missed events');
    // Live after the replay: a fourth report.
    await mutate(report('herten', '2023-05', 1004), {}, county);
    await eventually(async () => resumed.received.length >= 4, 'the live event after the replay');
    const events = resumed.received.map(
      (received) => received.data!.caseloadReported as unknown as Event,
    );
    expect(resumed.received.every((received) => !received.errors)).toBe(true);
    expect(events.map((event) => event.month)).toEqual([
      '2023-02',
      '2023-03',
      '2023-04',
      '2023-05',
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
    expect(events.map((event) => event.id)).not.toContain(seen.id);
    expect((await HEALTH(replicaBase)).subscriptions.events.replayed - before).toBe(3);

    // Resuming after the last of them replays nothing more.
    const again = collector();
    const stopAgain = wsClient(county).subscribe(
      { query: RESUMABLE, variables: { districtId: 'herten', after: events[3]!.cursor } },
      again.sink,
    );
    await mutate(report('herten', '2023-06', 1005), {}, county);
    await eventually(async () => again.received.length >= 1, 'the next live event');
    await eventually(async () => resumed.received.length >= 5, 'the same at the other subscriber');
    expect(again.received.map((r) => r.data!.caseloadReported.month)).toEqual(['2023-06']);
    stopResumed();
    stopAgain();
    stopPassive();
  });

  it('refuses a cursor that is not one, or one of another field, naming `after`', async () => {
    const cases = [
      { query: 'subscription { caseloadReported(after: "not a cursor!") { id } }' },
      {
        query: /* GraphQL */ `
          subscription ($after: String) {
            staffingGapChanged(after: $after) {
              id
            }
          }
        `,
        variables: {
          after: Buffer.from(
            JSON.stringify(['districts.caseload-reported.v1', [0, 0, 0]]),
          ).toString('base64url'),
        },
      },
    ];
    for (const request of cases) {
      const failed = collector();
      wsClient(county).subscribe(request, failed.sink);
      await eventually(async () => failed.ended(), 'the refusal');
      // Refused at subscribe time: one result with the error, then the end.
      const errors = failed.received[0]!.errors!;
      expect(errors[0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(errors[0]!.message).toMatch(/^after: /);
    }
  });

  it('sends `reporting` the staffing counts of a staffing change and never a name', async () => {
    const hr = await bearer('county_hr');
    const hired = await mutate(
      /* GraphQL */ `
        mutation ($input: HireInput!) {
          hireEmployee(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          personnelNumber: `S-${randomUUID().slice(0, 8)}`,
          name: 'Erika Musterfrau',
          employer: 'KREIS',
          workplace: 'datteln',
          function: 'BENEFITS_CASEWORK',
          fte: 1,
          startDate: '2024-01-01',
        },
      },
      hr,
    );
    const post = await mutate(
      'mutation ($input: PostInput!) { createPost(input: $input) { id } }',
      {
        input: { unitId: 'datteln', function: 'BENEFITS_CASEWORK', fte: 1, employerSide: 'KREIS' },
      },
      hr,
    );
    await mutate(
      'mutation ($input: AdvertisementInput!) { advertisePost(input: $input) { id } }',
      {
        input: {
          postId: post.createPost!.id,
          scope: 'COUNTY_WIDE',
          publishedOn: '2026-11-01',
          closesOn: '2026-11-30',
        },
      },
      hr,
    );

    const COUNTS = /* GraphQL */ `
      subscription {
        staffingGapChanged(districtId: "datteln") {
          caseloadMonth
          district {
            staff {
              function
              employer
              headcount
            }
            staffingRequirement {
              benefits {
                heldFte
              }
            }
          }
        }
      }
    `;
    const NAMES = /* GraphQL */ `
      subscription {
        staffingGapChanged(districtId: "datteln") {
          caseloadMonth
          district {
            postsConnection(first: 10) {
              edges {
                node {
                  holder {
                    name
                  }
                }
              }
            }
          }
        }
      }
    `;
    const reporting = await bearer('reporting');
    const countsForReporting = collector();
    const namesForReporting = collector();
    const namesForHr = collector();
    const stops = [
      wsClient(reporting).subscribe({ query: COUNTS }, countsForReporting.sink),
      wsClient(reporting).subscribe({ query: NAMES }, namesForReporting.sink),
      wsClient(hr).subscribe({ query: NAMES }, namesForHr.sink),
    ];
    await eventually(async () => (await subscribers()) >= 3, 'subscribed');
    const withheld = (await HEALTH(base)).subscriptions.events.withheld;
    // Filling the post changes the posts held: personnel publishes the staffing change.
    await mutate(
      'mutation ($p: ID!, $e: ID!) { fillPost(postId: $p, employeeId: $e) { id } }',
      { p: post.createPost!.id, e: hired.hireEmployee!.id },
      hr,
    );
    await eventually(async () => countsForReporting.received.length > 0, 'the counts');
    await eventually(async () => namesForHr.received.length > 0, 'the names for HR');
    // The names subscription of `reporting` had the same event: the graph refused its query.
    await eventually(
      async () => (await HEALTH(base)).subscriptions.events.withheld > withheld,
      'the event withheld',
    );
    expect(JSON.stringify(namesForHr.received[0])).toContain('Erika Musterfrau');
    expect(countsForReporting.received[0]!.errors).toBeUndefined();
    expect(JSON.stringify(countsForReporting.received)).toContain('BENEFITS_CASEWORK');
    expect(JSON.stringify(countsForReporting.received)).not.toContain('Erika');
    expect(namesForReporting.received).toEqual([]);
    stops.forEach((stop) => stop());
  });

  it("sends a city's staff the spending of their own district office only", async () => {
    const SPENDING = /* GraphQL */ `
      subscription ($districtId: ID) {
        spendingRecorded(districtId: $districtId) {
          districtId
          fiscalYear
          district {
            name
          }
        }
      }
    `;
    const marlStaff = await bearer('city_staff', 'marl');
    const forMarl = collector();
    const forCounty = collector();
    const stops = [
      wsClient(marlStaff).subscribe({ query: SPENDING }, forMarl.sink),
      wsClient(county).subscribe({ query: SPENDING }, forCounty.sink),
    ];
    const refused = collector();
    wsClient(marlStaff).subscribe(
      { query: SPENDING, variables: { districtId: 'dorsten' } },
      refused.sink,
    );
    await eventually(async () => (await subscribers()) >= 2, 'subscribed');
    await eventually(async () => refused.ended(), 'the refusal');
    expect(refused.received[0]!.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      field: 'districtId',
    });

    const spending = (districtId: string) => ({
      entryId: randomUUID(),
      allocationId: randomUUID(),
      districtId,
      fiscalYear: 2026,
      kind: 'EXPENDITURE' as const,
      amountCents: 10_000,
      reversalOf: null,
      legalBasis: '§ 16 Abs. 1 SGB II',
      bookedOn: '2026-11-02',
      spentCents: 10_000,
      allocatedCents: 1_000_000,
      recordedAt: new Date().toISOString(),
    });
    // The two districts' events lie on different partitions, whose order the feed does not keep:
    // Marl's is published only once the county's subscriber has received Dorsten's.
    await producer.publish('expenditureRecorded', 'dorsten', spending('dorsten'));
    await eventually(async () => forCounty.received.length >= 1, "Dorsten's event to the county");
    await producer.publish('expenditureRecorded', 'marl', spending('marl'));
    await eventually(async () => forCounty.received.length >= 2, "the county's two events");
    await eventually(async () => forMarl.received.length >= 1, "Marl's own event");
    const districtsOf = (received: Received[]) =>
      received.map(
        (r) =>
          (r.data as unknown as { spendingRecorded: { districtId: string } }).spendingRecorded
            .districtId,
      );
    expect(districtsOf(forCounty.received)).toEqual(['dorsten', 'marl']);
    // Dorsten's event was sent before Marl's was published: had Marl's subscriber been sent it, it came first.
    expect(districtsOf(forMarl.received)).toEqual(['marl']);
    stops.forEach((stop) => stop());
  });

  it('cuts off a client that stops reading, with a clear close reason, while another keeps receiving', async () => {
    // Big events (a district's whole history each), so that a client's socket fills up soon.
    for (let i = 0; i < 100; i += 1) {
      const month = `${2010 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      await mutate(report('waltrop', month, 1000 + i), {}, county);
    }
    const WHOLE_HISTORY = /* GraphQL */ `
      {
        caseloadReportsConnection(first: 100) {
          edges {
            node {
              month
              version
              benefitHouseholds
              eligibleJobseekers
              reportedAt
              reportedBy
            }
          }
        }
      }
    `;
    const HISTORY = `subscription { spendingRecorded(districtId: "waltrop") { id district ${WHOLE_HISTORY} } }`;
    const history = await mutate(`{ district(id: "waltrop") ${WHOLE_HISTORY} }`, {}, county);
    expect(JSON.stringify(history).length).toBeGreaterThan(10_000);
    // The stalled client's socket, to stop and resume reading.
    const sockets: WebSocket[] = [];
    class Tracked extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    let closed: { code?: number; reason?: string } | undefined;
    const stalled = collector();
    const reader = collector();
    let wake = () => {};
    const readerSink = {
      ...reader.sink,
      next: (value: unknown) => {
        reader.sink.next(value);
        wake();
      },
    };
    const stopStalled = wsClient(
      county,
      (event) => (closed = event as typeof closed),
      replicaBase,
      Tracked,
    ).subscribe({ query: HISTORY }, stalled.sink);
    const stopReader = wsClient(county, undefined, replicaBase).subscribe(
      { query: HISTORY },
      readerSink,
    );
    await eventually(async () => (await subscribers(replicaBase)) >= 2, 'subscribed');
    const raw = (sockets[0] as unknown as { _socket: Socket })._socket;
    raw.pause();

    const health = () => HEALTH(replicaBase).then((h) => h.subscriptions);
    const cutOffBefore = (await health()).events.cut_off;
    let sent = 0;
    // In rounds of 10 (the replica's buffer holds 20), each once the reader has the round before.
    const round = async () => {
      for (let i = 0; i < 10; i += 1) {
        await producer.publish('expenditureRecorded', 'waltrop', {
          entryId: randomUUID(),
          allocationId: randomUUID(),
          districtId: 'waltrop',
          fiscalYear: 2026,
          kind: 'COMMITMENT',
          amountCents: 100,
          reversalOf: null,
          legalBasis: '§ 16 Abs. 1 SGB II',
          bookedOn: '2026-11-02',
          spentCents: 100 * (sent + 1),
          allocatedCents: 1_000_000,
          recordedAt: new Date().toISOString(),
        });
        sent += 1;
      }
      const deadline = setTimeout(() => wake(), 20_000);
      while (reader.received.length < sent) {
        const before = reader.received.length;
        await new Promise<void>((resolve) => (wake = resolve));
        if (reader.received.length === before)
          throw new Error(`the reader has ${before} of ${sent} events after 20 s`);
      }
      clearTimeout(deadline);
    };
    while ((await health()).events.cut_off === cutOffBefore) {
      await round();
      if (sent > 2000) throw new Error('the stalled client was never cut off');
    }
    // The reader goes on receiving after the cut-off.
    const atCutOff = sent;
    await round();
    expect(reader.received.length).toBe(atCutOff + 10);
    expect(reader.received.every((received) => !received.errors)).toBe(true);
    expect(stalled.received.length).toBeLessThan(atCutOff);
    // The stalled client, reading again, gets what its socket held and then the reason.
    raw.resume();
    await eventually(async () => closed, 'the stalled socket closed');
    expect(closed!.code).toBe(4429);
    expect(closed!.reason).toMatch(/Too slow/);
    expect((await health()).events.cut_off).toBe(cutOffBefore + 1);
    stopStalled();
    stopReader();
  }, 120_000);
});
