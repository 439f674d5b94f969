import { topics } from '@jobcenter/events';
import {
  createTestDatabase,
  eventually,
  graphql,
  ownKafkaBroker,
  tokenFor,
  uniqueId,
} from '@jobcenter/testing';
import { aCaseload } from '../services/districts/test/support/districts';
import { otlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { serviceProcess, type ServiceProcess } from './support/service-process';

const TOPIC = topics.caseloadReported.name;
const SERVER = 2;
const CONSUMER = 5;

const REPORT = /* GraphQL */ `
  mutation TracedReport($input: ReportCaseloadInput!) {
    reportCaseload(input: $input) {
      id
    }
  }
`;

/**
 * The gateway, districts and personnel as processes of their own, exporting over OTLP/HTTP to a
 * receiver of this test: one caseload report through the gateway is one trace, from the gateway's
 * request through the districts subgraph, its SQL and its outbox row, across Kafka (the CloudEvent's
 * traceparent) to the personnel consumer's handler and its SQL.
 */
describe('one trace from the gateway to the consumer', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  const processes: ServiceProcess[] = [];
  let gateway: ServiceProcess;
  // A broker of its own: the report made here reaches no other suite's consumers.
  const broker = ownKafkaBroker('tracing');

  beforeAll(async () => {
    receiver = await otlpReceiver();
    const brokers = broker.start().join(',');
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      KAFKA_BROKERS: brokers,
    };
    const [districts, personnel] = await Promise.all([
      serviceProcess('districts', {
        ...tracing,
        DATABASE_URL: await createTestDatabase('trace_districts'),
        OUTBOX_POLL_INTERVAL_MS: '50',
      }),
      serviceProcess('personnel', {
        ...tracing,
        DATABASE_URL: await createTestDatabase('trace_personnel'),
        CONSUMER_GROUP: uniqueId('trace-personnel'),
        OUTBOX_POLL_INTERVAL_MS: '50',
      }),
    ]);
    processes.push(districts, personnel);
    await Promise.all([districts.start(), personnel.start()]);
    gateway = await serviceProcess('gateway', {
      ...tracing,
      SUBGRAPH_DISTRICTS_URL: districts.url,
      SUBGRAPH_PERSONNEL_URL: personnel.url,
    });
    processes.push(gateway);
    await gateway.start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await receiver?.stop();
    broker.stop();
  }, 60_000);

  it('spans of the gateway, the districts subgraph (SQL, outbox) and the personnel consumer share one trace id', async () => {
    const response = await graphql<{ reportCaseload: { id: string } }>(
      gateway.url,
      REPORT,
      { input: { districtId: 'datteln', month: '2023-07', figures: aCaseload() } },
      await tokenFor('city_staff', 'datteln'),
    );
    expect(response.errors).toBeUndefined();

    const outbox = await eventually(
      async () =>
        receiver.spans.find(
          (span) => span.service === 'districts' && span.name === `outbox ${TOPIC}`,
        ),
      'the outbox span of the report',
    );
    const consumed = await eventually(
      async () =>
        receiver.spans.find(
          (span) =>
            span.service === 'personnel' &&
            span.name === `process ${TOPIC}` &&
            span.traceId === outbox.traceId,
        ),
      "the personnel consumer's span of the event",
    );
    // The consumer continues the producer's trace from the event's traceparent, and links to it.
    expect(consumed.kind).toBe(CONSUMER);
    expect(consumed.parentSpanId).toBe(outbox.spanId);
    expect(consumed.links).toEqual([
      expect.objectContaining({ traceId: outbox.traceId, spanId: outbox.spanId }),
    ]);
    await eventually(
      async () => inTrace(outbox.traceId).some((span) => span.parentSpanId === consumed.spanId),
      "the SQL of personnel's handler",
    );

    // Each process exports its spans in batches of its own: wait until the outbox span's ancestors
    // reach a span without a parent (the gateway's request, once the gateway exported it).
    const ancestorsIn = (byId: Map<string, ReceivedSpan>, span: ReceivedSpan): ReceivedSpan[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent, ...ancestorsIn(byId, parent)] : [];
    };
    const spansById = () => new Map(inTrace(outbox.traceId).map((span) => [span.spanId, span]));
    await eventually(async () => {
      const top = ancestorsIn(spansById(), outbox).at(-1);
      return top !== undefined && top.parentSpanId === undefined;
    }, "the gateway's spans of the request");
    const trace = inTrace(outbox.traceId);
    const byId = spansById();
    // outbox ← districts' HTTP server span ← the gateway's subgraph call ← … ← the gateway's request
    const chain = ancestorsIn(byId, outbox);
    const districtsServer = chain.find(
      (span) => span.service === 'districts' && span.kind === SERVER,
    );
    expect(districtsServer).toBeDefined();
    expect(byId.get(districtsServer!.parentSpanId!)?.service).toBe('gateway');
    const root = chain.at(-1)!;
    expect(root).toMatchObject({ service: 'gateway', kind: SERVER, parentSpanId: undefined });
    expect(trace.some((span) => span.service === 'districts' && /^pg\./.test(span.name))).toBe(
      true,
    );
    expect(trace.some((span) => span.service === 'personnel' && /^pg\./.test(span.name))).toBe(
      true,
    );
    expect(new Set(trace.map((span) => span.service))).toEqual(
      new Set(['gateway', 'districts', 'personnel']),
    );
    // The trace as a tree (service: span name), for the operator to see what one report does.
    const children = (parent: string | undefined) =>
      trace
        .filter((span) => span.parentSpanId === parent)
        .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    const lines: string[] = [];
    const draw = (span: ReceivedSpan, depth: number) => {
      lines.push(`${'  '.repeat(depth)}${span.service}: ${span.name}`);
      for (const child of children(span.spanId)) draw(child, depth + 1);
    };
    draw(root, 0);
    console.log(`One caseload report's trace (${trace.length} spans):\n${lines.join('\n')}`);
    expect(lines).toHaveLength(trace.length);
  });

  const inTrace = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
});
