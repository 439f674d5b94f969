import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { mintDevelopmentToken, type CityId, type Role } from '@jobcenter/auth';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  createEnvelope,
  topics,
  type CloudEvent,
  type PayloadOf,
  type ProposalOf,
  type SubmissionKind,
  type TopicKey,
} from '@jobcenter/events';

/**
 * The PostgreSQL server of this test run: started by jest/global-setup.mjs, or the server of
 * DATABASE_URL. Each suite gets a database of its own from `createTestDatabase`.
 */
export function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      'TEST_POSTGRES_URL is not set: run the tests with `npm test` (jest/global-setup.mjs)',
    );
  return url;
}

export function testKafkaBrokers(): string[] {
  const brokers = process.env.TEST_KAFKA_BROKERS;
  if (!brokers)
    throw new Error(
      'TEST_KAFKA_BROKERS is not set: run the tests with `npm test` (jest/global-setup.mjs)',
    );
  return brokers.split(',');
}

/** Creates an empty database for one suite and returns its URL. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: `${testPostgresUrl()}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return `${testPostgresUrl()}/${name}`;
}

/** A unique suffix, for consumer groups and the like. */
export const uniqueId = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export function tokenFor(roles: Role | Role[], city?: CityId, subject?: string): Promise<string> {
  const list = Array.isArray(roles) ? roles : [roles];
  return mintDevelopmentToken({
    subject: subject ?? `test-${list.join('-')}${city ? `-${city}` : ''}`,
    roles: list,
    city,
  });
}

/** Other tests publish deliberately malformed messages: those read as `{ unparsable: text }`. */
function parseJson(text: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text ?? 'null');
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : { unparsable: text };
  } catch {
    return { unparsable: text };
  }
}

export interface ReceivedMessage {
  key: string | null;
  value: Record<string, unknown>;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * A plain kafkajs consumer that reads a topic from the beginning, for asserting what a service
 * published. `waitFor` resolves with the messages matching `predicate` once there are `count`.
 */
export async function readTopic(topic: string, brokers: string[] = testKafkaBrokers()) {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: uniqueId('test-reader') });
  const received: ReceivedMessage[] = [];
  /** The next offset to read, per partition. */
  const next = new Map<number, bigint>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }: { message: KafkaMessage; partition: number }) => {
      next.set(partition, BigInt(message.offset) + 1n);
      received.push({
        key: message.key?.toString() ?? null,
        value: parseJson(message.value?.toString()),
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        ),
        partition,
        offset: message.offset,
      });
    },
  });
  return {
    received,
    async waitFor(predicate: (message: ReceivedMessage) => boolean, count = 1, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter(predicate);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} matching message(s) on ${topic} within ${timeoutMs} ms, got ${matching.length}`,
          );
        }
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    /**
     * Resolves once the reader has received every message the topic holds now (up to the end
     * offset of each partition): what was published before the call is in `received`, so a count
     * taken then misses nothing that was sent, a duplicate included. The end offset is the next
     * message's offset only on topics without transactions or compaction (the project's): on
     * others it would never be reached and the wait times out.
     */
    async readToEnd(timeoutMs = 30_000) {
      const admin = kafka.admin();
      await admin.connect();
      let ends: { partition: number; high: string; low: string }[];
      try {
        ends = await admin.fetchTopicOffsets(topic);
      } finally {
        await admin.disconnect();
      }
      await eventually(
        async () =>
          ends.every(
            ({ partition, high, low }) =>
              BigInt(high) === BigInt(low) || (next.get(partition) ?? 0n) >= BigInt(high),
          ),
        `the reader of ${topic} to reach the end offsets ${JSON.stringify(ends)}`,
        timeoutMs,
      );
    },
    stop: () => consumer.disconnect(),
  };
}

/** Sends a GraphQL request over HTTP, as a frontend would. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
}> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: T;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: response.status, ...body };
}

/** Waits until `probe` is truthy (events take a moment to arrive). */
export async function eventually<T>(
  probe: () => Promise<T>,
  what: string,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * A producer that publishes events as other services would (validated against their contracts,
 * CloudEvents structured mode, keyed by `subject`), for tests of a consumer whose producer is not
 * started. `publish` returns the envelope sent.
 */
export async function eventProducer(brokers: string[] = testKafkaBrokers()) {
  const producer = new Kafka({
    clientId: 'test-publisher',
    brokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
  return {
    async publish<K extends TopicKey>(
      topicKey: K,
      subject: string,
      data: PayloadOf<K>,
    ): Promise<CloudEvent<PayloadOf<K>>> {
      const topic = topics[topicKey];
      const event = createEnvelope({
        source: '/jobcenter/test',
        type: topic.type,
        subject,
        dataschema: `urn:jobcenter:events:${topic.name}`,
        data: topic.schema.parse(data) as PayloadOf<K>,
      });
      await producer.send({
        topic: topic.name,
        messages: [
          {
            key: subject,
            value: JSON.stringify(event),
            headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
          },
        ],
      });
      return event;
    },
    stop: () => producer.disconnect(),
  };
}

/** Publishes one event with a producer of its own (see `eventProducer`). */
export async function publishEvent<K extends TopicKey>(
  topicKey: K,
  subject: string,
  data: PayloadOf<K>,
  brokers: string[] = testKafkaBrokers(),
): Promise<CloudEvent<PayloadOf<K>>> {
  const producer = await eventProducer(brokers);
  try {
    return await producer.publish(topicKey, subject, data);
  } finally {
    await producer.stop();
  }
}

/**
 * A resolution of `kind` as governance publishes it when the board adopts one (fresh ids, adopted
 * now by consensus unless `overrides` say otherwise).
 */
export function anAdoptedResolution<K extends SubmissionKind>(
  kind: K,
  proposal: ProposalOf<K>,
  overrides: Partial<PayloadOf<'resolutionAdopted'>> = {},
): PayloadOf<'resolutionAdopted'> {
  const adoptedAt = overrides.adoptedAt ?? new Date().toISOString();
  return {
    resolutionId: randomUUID(),
    number: `B-${adoptedAt.slice(0, 4)}-${Math.floor(Math.random() * 900) + 100}`,
    meetingId: randomUUID(),
    submissionId: randomUUID(),
    title: kind,
    kind,
    proposal,
    adoptedBy: 'CONSENSUS',
    adoptedAt,
    ...overrides,
  };
}

/** A district's master data as the districts service publishes it (a small office). */
export function aDistrictChange(districtId: string): PayloadOf<'districtChanged'> {
  return {
    districtId,
    name: `Bezirksstelle ${districtId}`,
    city: districtId,
    sizeGroup: 'SMALL',
    address: { street: 'Markt 1', postalCode: '45000', town: districtId },
    changedAt: new Date().toISOString(),
  };
}

/**
 * A caseload report of a district's month as the districts service publishes it (first version
 * unless `overrides` say otherwise; figures of a small office).
 */
export function aCaseloadReport(
  districtId: string,
  month: string,
  overrides: Partial<PayloadOf<'caseloadReported'>> = {},
): PayloadOf<'caseloadReported'> {
  const version = overrides.version ?? 1;
  return {
    reportId: randomUUID(),
    districtId,
    month,
    version,
    correctionOf: version > 1 ? randomUUID() : null,
    benefitHouseholds: 2100,
    eligibleJobseekers: 3000,
    eligibleJobseekersUnder25: 600,
    longTermRecipients: 1900,
    integrations: 40,
    subsistenceBenefitsCents: 100_000_000,
    reportedAt: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * A Kafka broker of one suite's own (infra/local/bin/kafka.mjs on a free port), for suites that
 * must see exactly the events they publish, or that stop, kill and restart the broker. A restart
 * comes back on the same ports and data directory.
 */
export function ownKafkaBroker(name: string) {
  const cli = join(__dirname, '../../../infra/local/bin/kafka.mjs');
  const dir = mkdtempSync(join(tmpdir(), `jobcenter-${name}-kafka-`));
  chmodSync(dir, 0o755);
  let brokers: string[] = [];
  const args = (command: 'start' | 'stop') => [cli, command, '--dir', dir, '--port', 'auto'];
  const options = { encoding: 'utf8', timeout: 120_000 } as const;
  const started = (output: string): string[] => {
    const ready = /ready on (\S+) /.exec(output);
    if (!ready) throw new Error(`the Kafka broker of ${name} did not start:\n${output}`);
    brokers = [ready[1]!];
    return brokers;
  };
  const pid = (): number | null => {
    try {
      return Number(readFileSync(join(dir, 'kafka.pid'), 'utf8'));
    } catch {
      return null;
    }
  };
  return {
    /** Starts (or restarts) the broker and returns its address (blocks until it is ready). */
    start(): string[] {
      return started(execFileSync(process.execPath, args('start'), { ...options, stdio: 'pipe' }));
    },
    /**
     * Starts (or restarts) the broker without blocking this process, so that services running in
     * it go on meanwhile; resolves once the broker answers an admin request.
     */
    async restart(): Promise<string[]> {
      const { stdout } = await promisify(execFile)(process.execPath, args('start'), options);
      return started(stdout);
    },
    /** Kills the broker at once (SIGKILL, no clean shutdown) and resolves once it is gone. */
    async kill(): Promise<void> {
      const broker = pid();
      if (!broker) return;
      try {
        process.kill(broker, 'SIGKILL');
      } catch {
        return;
      }
      await eventually(
        async () => !isKafkaProcess(broker),
        `the killed broker ${broker} to exit`,
        10_000,
      );
    },
    stop: () => {
      execFileSync(process.execPath, args('stop'), { ...options, stdio: 'pipe' });
    },
    brokers: () => brokers,
  };
}

/** Whether `pid` is a live Kafka broker (a zombie or a reused pid is not). */
function isKafkaProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
}
