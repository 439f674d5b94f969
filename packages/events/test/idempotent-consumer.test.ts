import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@jobcenter/db';
import { createLogger } from '@jobcenter/logger';
import {
  createEnvelope,
  createKafka,
  ensureTopics,
  EventTables1764000000000,
  IdempotentConsumer,
  topics,
  type DistrictChangedV1,
} from '@jobcenter/events';
import { createTestDatabase, testKafkaBrokers, uniqueId } from '@jobcenter/testing';

const logger = createLogger('events-test', 'silent');

/** A consumer's own copy of the districts, with a counter that shows how often an event took effect. */
class DistrictCopy1764000000099 {
  name = 'DistrictCopy1764000000099';
  async up(runner: { query: (sql: string) => Promise<unknown> }) {
    await runner.query(
      'CREATE TABLE district_copy (district_id text PRIMARY KEY, size_group text NOT NULL, applied integer NOT NULL)',
    );
  }
  async down() {}
}

const aDistrictChange = (districtId: string, sizeGroup: DistrictChangedV1['sizeGroup']) =>
  createEnvelope<DistrictChangedV1>({
    source: '/jobcenter/districts',
    type: topics.districtChanged.type,
    subject: districtId,
    dataschema: `urn:jobcenter:events:${topics.districtChanged.name}`,
    data: {
      districtId,
      name: `Bezirksstelle ${districtId}`,
      city: districtId,
      sizeGroup,
      address: { street: 'Markt 1', postalCode: '45000', town: districtId },
      changedAt: new Date().toISOString(),
    },
  });

describe('idempotent consumer', () => {
  let dataSource: DataSource;
  let consumer: IdempotentConsumer;
  const groupId = uniqueId('copy-test');
  const kafka = createKafka({ clientId: 'events-test', brokers: testKafkaBrokers(), logger });

  beforeAll(async () => {
    dataSource = await openDatabase({
      url: await createTestDatabase('events'),
      entities: [],
      migrations: [EventTables1764000000000, DistrictCopy1764000000099],
      logger,
    });
    await ensureTopics(kafka, [topics.districtChanged]);
    consumer = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId,
      maxAttempts: 2,
      handlers: {
        districtChanged: async (event, manager) => {
          if (event.data.districtId === 'poison')
            throw new Error('this handler cannot apply poison');
          await manager.query(
            `INSERT INTO district_copy (district_id, size_group, applied) VALUES ($1, $2, 1)
             ON CONFLICT (district_id) DO UPDATE SET size_group = $2, applied = district_copy.applied + 1`,
            [event.data.districtId, event.data.sizeGroup],
          );
        },
      },
    });
  });
  afterAll(async () => {
    await consumer.stop();
    await dataSource.destroy();
  });

  const copyOf = async (id: string) =>
    (
      await dataSource.query(
        'SELECT size_group, applied FROM district_copy WHERE district_id = $1',
        [id],
      )
    )[0];

  it('applies an event delivered twice only once', async () => {
    const event = aDistrictChange(uniqueId('dup'), 'MEDIUM');
    const message = {
      key: Buffer.from(event.subject),
      value: Buffer.from(JSON.stringify(event)),
      offset: '0',
      headers: {},
    };
    await consumer.handleMessage({
      topic: topics.districtChanged.name,
      partition: 0,
      message: message as never,
    });
    await consumer.handleMessage({
      topic: topics.districtChanged.name,
      partition: 0,
      message: message as never,
    });
    expect(await copyOf(event.subject)).toEqual({ size_group: 'MEDIUM', applied: 1 });
    const applied = await dataSource.query(
      'SELECT count(*)::int AS n FROM applied_event WHERE consumer = $1 AND event_id = $2',
      [groupId, event.id],
    );
    expect(applied[0].n).toBe(1);
  });

  it('applies a redelivered event once when both copies come through Kafka', async () => {
    await consumer.start();
    const districtId = uniqueId('kafka-dup');
    const first = aDistrictChange(districtId, 'SMALL');
    const second = aDistrictChange(districtId, 'LARGE');
    const producer = new Kafka({
      clientId: 'dup-producer',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    // The same event twice (as a relay does after a crash between send and mark), then a newer one.
    const send = (event: typeof first) =>
      producer.send({
        topic: topics.districtChanged.name,
        messages: [{ key: districtId, value: JSON.stringify(event) }],
      });
    await send(first);
    await send(first);
    await send(second);
    await producer.disconnect();

    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await copyOf(districtId))?.size_group !== 'LARGE') {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(await copyOf(districtId)).toEqual({ size_group: 'LARGE', applied: 2 });
  });

  it('sets aside a malformed message and an event its handler keeps refusing, and goes on', async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const poison = aDistrictChange('poison', 'SMALL');
    const after = aDistrictChange(uniqueId('after-poison'), 'MEDIUM');
    await producer.send({
      topic: topics.districtChanged.name,
      messages: [
        { key: 'garbage', value: 'not json at all' },
        { key: 'poison', value: JSON.stringify(poison) },
        { key: after.subject, value: JSON.stringify(after) },
      ],
    });
    await producer.disconnect();
    const deadLetters = () =>
      dataSource.query(
        'SELECT message_key, error FROM dead_letter_event WHERE consumer = $1 ORDER BY id',
        [groupId],
      );
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      ((await deadLetters()).length < 2 || !(await copyOf(after.subject)))
    ) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(await copyOf(after.subject)).toEqual({ size_group: 'MEDIUM', applied: 1 });
    const dead = await deadLetters();
    expect(dead.map((row: { message_key: string }) => row.message_key)).toEqual(
      expect.arrayContaining(['garbage', 'poison']),
    );
    expect(
      dead.find((row: { message_key: string }) => row.message_key === 'poison').error,
    ).toContain('cannot apply poison');
  });

  it('applies the events of a poll together and runs the work they leave once, after all of them', async () => {
    // Thirty changes of districts of one key (one partition), on the topic before a consumer of a
    // new group reads it: its first poll brings them all.
    const key = uniqueId('batch');
    const events = Array.from({ length: 30 }, (_, index) =>
      aDistrictChange(`${key}-${index}`, 'SMALL'),
    );
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: topics.districtChanged.name,
      messages: events.map((event) => ({ key, value: JSON.stringify(event) })),
    });
    await producer.disconnect();
    /** Per run of the batch's work: our districts it was left by, and those its transaction held. */
    const runs: { left: string[]; held: number }[] = [];
    const batched = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId: uniqueId('batch-test'),
      handlers: {
        districtChanged: async (event, manager, batch) => {
          if (!event.data.districtId.startsWith(key)) return;
          // Rows of their own: the suite's other consumer copies the same districts.
          await manager.query(
            `INSERT INTO district_copy (district_id, size_group, applied) VALUES ($1, $2, 1)`,
            [`batched:${event.data.districtId}`, event.data.sizeGroup],
          );
          batch
            .beforeCommit(
              'count',
              () => [] as string[],
              async (left, inner) => {
                const [{ n }] = await inner.query(
                  'SELECT count(*)::int AS n FROM district_copy WHERE district_id LIKE $1',
                  [`batched:${key}-%`],
                );
                runs.push({ left, held: n });
              },
            )
            .push(event.data.districtId);
        },
      },
    });
    try {
      await batched.start();
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && runs.flatMap((run) => run.left).length < events.length)
        await new Promise((done) => setTimeout(done, 100));
    } finally {
      await batched.stop();
    }
    // Each event was applied once, and the work ran once for its whole transaction.
    expect(runs.flatMap((run) => run.left).sort()).toEqual(
      events.map((event) => event.data.districtId).sort(),
    );
    expect(runs.length).toBeLessThan(events.length);
    // It ran after every handler of its batch: it saw all of the batch's rows.
    let held = 0;
    for (const run of runs) {
      held += run.left.length;
      expect(run.held).toBe(held);
    }
  });

  it('says why when the broker refuses its session, and reports itself stopped', async () => {
    // The test broker accepts sessions from 1000 ms (group.min.session.timeout.ms).
    const refused = new IdempotentConsumer({
      kafka,
      dataSource,
      logger,
      groupId: uniqueId('short-session'),
      sessionTimeoutMs: 300,
      handlers: { districtChanged: async () => {} },
    });
    try {
      await refused.start().catch(() => undefined);
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && refused.stoppedBy === null)
        await new Promise((done) => setTimeout(done, 100));
      expect(refused.stoppedBy).toMatch(
        /the broker refuses a session of 300 ms .*set KAFKA_SESSION_TIMEOUT_MS/,
      );
      expect(consumer.stoppedBy).toBeNull();
    } finally {
      await refused.stop();
    }
  });
});
