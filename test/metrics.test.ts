import { subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import { topics } from '@jobcenter/events';
import { eventually, graphql, ownKafkaBroker, tokenFor } from '@jobcenter/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { DistrictsService } from '../services/districts/src/service';
import {
  aCaseload,
  REPORT,
  startTestDistricts,
} from '../services/districts/test/support/districts';
import type { PersonnelService } from '../services/personnel/src/service';
import { startTestPersonnel } from '../services/personnel/test/support/personnel';
import { startTestGateway } from './support/gateway';
import { has, scrape, total, type Sample } from './support/metrics';

const CASELOAD = topics.caseloadReported.name;

const DISTRICTS = /* GraphQL */ `
  query MetricsDistricts {
    districts {
      id
      name
    }
  }
`;

const CASELOAD_OF_MONTH = /* GraphQL */ `
  query MetricsCaseload($month: YearMonth!) {
    districts {
      id
      caseloadReport(month: $month) {
        eligibleJobseekers
      }
    }
  }
`;

/** The label sets of the samples named `name`, as strings. */
const series = (samples: Sample[], name: string) =>
  new Set(samples.filter((sample) => sample.name === name).map((s) => JSON.stringify(s.labels)));

/**
 * `/metrics` of the gateway and of the districts and personnel services, on a broker of this
 * suite's own (one test stops it): requests counted by operation and subgraph, bounded labels,
 * the outbox backlog during an outage, consumer lag and dead letters.
 */
describe('Prometheus metrics of every process', () => {
  const broker = ownKafkaBroker('metrics');
  let brokers: string[];
  let districts: DistrictsService;
  let personnel: PersonnelService;
  let gateway: RunningGateway;
  let token: string;

  beforeAll(async () => {
    brokers = broker.start();
    [districts, personnel] = await Promise.all([
      startTestDistricts({ brokers }),
      startTestPersonnel({ brokers }),
    ]);
    const urls = {
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
    };
    gateway = await startTestGateway(
      subgraphDefinitions(urls).filter(
        (subgraph) => subgraph.name in { districts: 1, personnel: 1 },
      ),
      { ...urls, KAFKA_BROKERS: brokers.join(',') },
    );
    token = await tokenFor('county_staff');
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await personnel?.stop();
    await districts?.stop();
    broker.stop();
  }, 60_000);

  it('each process serves its metrics; a query raises the request counters of the gateway and the subgraph', async () => {
    const [gatewayBefore, districtsBefore] = await Promise.all([
      scrape(gateway.url),
      scrape(districts.url),
    ]);
    const counted = { name: 'graphql_request_duration_seconds_count' };

    const response = await graphql(gateway.url, DISTRICTS, {}, token);
    expect(response.errors).toBeUndefined();

    const [gatewayAfter, districtsAfter, personnelNow] = await Promise.all([
      scrape(gateway.url),
      scrape(districts.url),
      scrape(personnel.url),
    ]);
    const operation = { operation: 'MetricsDistricts', kind: 'query' };
    expect(total(gatewayAfter, counted.name, operation)).toBe(
      total(gatewayBefore, counted.name, operation) + 1,
    );
    // The gateway names its subgraph request `MetricsDistricts__districts__0`: counted as the operation.
    expect(total(districtsAfter, counted.name, operation)).toBe(
      total(districtsBefore, counted.name, operation) + 1,
    );
    const subgraph = { subgraph: 'districts', outcome: 'ok' };
    expect(total(gatewayAfter, 'gateway_subgraph_request_duration_seconds_count', subgraph)).toBe(
      total(gatewayBefore, 'gateway_subgraph_request_duration_seconds_count', subgraph) + 1,
    );
    // A miss of the response cache, counted when scraped.
    expect(
      total(gatewayAfter, 'gateway_response_cache_requests_total', {
        kind: 'response',
        result: 'miss',
      }),
    ).toBeGreaterThan(
      total(gatewayBefore, 'gateway_response_cache_requests_total', {
        kind: 'response',
        result: 'miss',
      }),
    );
    for (const samples of [gatewayAfter, districtsAfter, personnelNow]) {
      expect(has(samples, 'process_cpu_user_seconds_total')).toBe(true);
      expect(has(samples, 'nodejs_eventloop_lag_seconds')).toBe(true);
    }
    for (const samples of [districtsAfter, personnelNow]) {
      expect(has(samples, 'db_pool_connections', { state: 'idle' })).toBe(true);
      expect(total(samples, 'db_pool_max_connections')).toBeGreaterThan(0);
      expect(has(samples, 'outbox_events_pending')).toBe(true);
    }
    // Personnel consumes the caseload topic: its lag is reported per partition.
    expect(
      has(personnelNow, 'kafka_consumer_lag_messages', { topic: CASELOAD, partition: '0' }),
    ).toBe(true);
  });

  it('errors are counted by code', async () => {
    const before = await scrape(districts.url);
    const response = await graphql(
      districts.url,
      REPORT,
      { input: { districtId: 'datteln', month: '2025-09', figures: aCaseload() } },
      await tokenFor('city_staff', 'herten'),
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const after = await scrape(districts.url);
    expect(total(after, 'graphql_errors_total', { code: 'FORBIDDEN' })).toBe(
      total(before, 'graphql_errors_total', { code: 'FORBIDDEN' }) + 1,
    );
  });

  it('labels stay bounded: 100 requests with different variables add no label values', async () => {
    const month = (index: number) =>
      `${2000 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    const first = await graphql(gateway.url, CASELOAD_OF_MONTH, { month: month(0) }, token);
    expect(first.errors).toBeUndefined();
    const [gatewayBefore, districtsBefore] = await Promise.all([
      scrape(gateway.url),
      scrape(districts.url),
    ]);
    for (let index = 1; index <= 100; index += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, offset) =>
          graphql(gateway.url, CASELOAD_OF_MONTH, { month: month(index + offset) }, token),
        ),
      );
      expect(answers.every((answer) => !answer.errors)).toBe(true);
    }
    const [gatewayAfter, districtsAfter] = await Promise.all([
      scrape(gateway.url),
      scrape(districts.url),
    ]);
    const operation = { operation: 'MetricsCaseload', kind: 'query' };
    expect(total(gatewayAfter, 'graphql_request_duration_seconds_count', operation)).toBe(
      total(gatewayBefore, 'graphql_request_duration_seconds_count', operation) + 100,
    );
    for (const name of [
      'graphql_request_duration_seconds_count',
      'gateway_subgraph_request_duration_seconds_count',
      'gateway_response_cache_requests_total',
    ])
      expect(series(gatewayAfter, name)).toEqual(series(gatewayBefore, name));
    expect(series(districtsAfter, 'graphql_request_duration_seconds_count')).toEqual(
      series(districtsBefore, 'graphql_request_duration_seconds_count'),
    );
  });

  it('a poisoned event raises the dead-letter count; a good one the applied count', async () => {
    const before = await scrape(personnel.url);
    const producer = new Kafka({
      clientId: 'poison',
      brokers,
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: CASELOAD,
        messages: [{ key: 'datteln', value: '{"specversion":"1.0","id":"not json' }],
      });
    } finally {
      await producer.disconnect();
    }
    await districts.reporting.report({
      districtId: 'herten',
      month: '2024-03',
      figures: aCaseload(),
      reportedBy: 'metrics-test',
    });
    await eventually(
      async () => {
        const now = await scrape(personnel.url);
        return (
          total(now, 'events_dead_lettered_total', { topic: CASELOAD }) ===
            total(before, 'events_dead_lettered_total', { topic: CASELOAD }) + 1 &&
          total(now, 'events_applied_total', { topic: CASELOAD }) >
            total(before, 'events_applied_total', { topic: CASELOAD })
        );
      },
      'the poisoned event set aside and the good one applied',
      30_000,
    );
    // Both were committed: the consumer is not behind.
    await eventually(
      async () =>
        total(await scrape(personnel.url), 'kafka_consumer_lag_messages', { topic: CASELOAD }) ===
        0,
      'the consumer lag to reach 0',
      30_000,
    );
  });

  it('with the broker stopped, outbox pending rises after a write and falls to 0 once it is back', async () => {
    await eventually(
      async () => total(await scrape(districts.url), 'outbox_events_pending') === 0,
      'an empty outbox before the outage',
      30_000,
    );
    const before = await scrape(districts.url);
    broker.stop();
    await districts.reporting.report({
      districtId: 'datteln',
      month: '2024-04',
      figures: aCaseload(),
      reportedBy: 'metrics-test',
    });
    await eventually(
      async () => {
        const now = await scrape(districts.url);
        return (
          total(now, 'outbox_events_pending') >= 1 &&
          total(now, 'outbox_oldest_pending_age_seconds') > 0 &&
          total(now, 'outbox_publish_failures_total') >
            total(before, 'outbox_publish_failures_total')
        );
      },
      'the pending row and a failed publish to show',
      30_000,
    );

    await broker.restart();
    await eventually(
      async () => {
        const now = await scrape(districts.url);
        return (
          total(now, 'outbox_events_pending') === 0 &&
          total(now, 'outbox_oldest_pending_age_seconds') === 0 &&
          total(now, 'outbox_events_published_total', { topic: CASELOAD }) >
            total(before, 'outbox_events_published_total', { topic: CASELOAD })
        );
      },
      'the outbox to drain after the broker is back',
      60_000,
    );
  }, 120_000);
});
