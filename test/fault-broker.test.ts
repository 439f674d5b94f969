import { topics } from '@jobcenter/events';
import { createTestDatabase, ownKafkaBroker, uniqueId } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import { aCaseload, startTestDistricts } from '../services/districts/test/support/districts';
import {
  appliedEvents,
  appliedSince,
  inLanes,
  msUntil,
  query,
  report,
  reportPlan,
  topicCensus,
} from './support/faults';
import { serviceProcess, type ServiceProcess } from './support/service-process';

const TOPIC = topics.caseloadReported.name;
const REPORTS = 1000;
const OUTAGES = 3;
/**
 * The recovery aimed at is 5 s (docs/operations.md, "Recovery", gives what is measured); the test
 * prints the times and asserts only a bound that a loaded 2-core machine keeps: that recovery
 * happens at all, within a minute, rather than after the consumers' old sessions time out.
 */
const RECOVERY_ASSERTED_MS = 60_000;

/**
 * The broker killed (SIGKILL) and started again three times while the districts service takes
 * 1,000 caseload reports: the outbox keeps what was written meanwhile, every event reaches the
 * topic and is applied exactly once by each consumer (personnel, governance and budget, each a
 * process of its own), and after each restart the queued events are applied within seconds.
 */
describe('the Kafka broker killed three times under 1,000 caseload reports', () => {
  const broker = ownKafkaBroker('fault-broker');
  let districts: DistrictsService;
  const consumers: { name: string; database: string; process: ServiceProcess }[] = [];

  beforeAll(async () => {
    const brokers = broker.start();
    districts = await startTestDistricts({ brokers });
    for (const name of ['personnel', 'governance', 'budget'] as const) {
      const database = await createTestDatabase(`fault_${name}`);
      const process = await serviceProcess(name, {
        DATABASE_URL: database,
        KAFKA_BROKERS: brokers.join(','),
        CONSUMER_GROUP: uniqueId(name),
        OUTBOX_POLL_INTERVAL_MS: '50',
      });
      consumers.push({ name, database, process });
    }
    await Promise.all(consumers.map((consumer) => consumer.process.start()));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.process.stop()));
    await districts?.stop();
    broker.stop();
  }, 60_000);

  it('publishes each report once and every consumer applies each once; queued events are applied within seconds of the broker’s return', async () => {
    const plan = reportPlan(REPORTS);
    let written = 0;
    const write = (items: typeof plan) =>
      inLanes(items, 10, async ({ districtId, month }) => {
        await districts.reporting.report({
          districtId,
          month,
          figures: aCaseload(),
          reportedBy: 'fault-test',
        });
        written += 1;
      });
    const pending = async () =>
      (
        await districts.dataSource.query(
          `SELECT count(*)::int AS n FROM outbox_event WHERE status = 'pending' AND topic = $1`,
          [TOPIC],
        )
      )[0].n as number;

    const queued: number[] = [];
    const published: number[] = [];
    const recovered: number[] = [];
    const perConsumer: string[] = [];
    const restarts: number[] = [];
    for (let outage = 0; outage < OUTAGES; outage += 1) {
      const round = plan.slice(
        Math.floor((outage * REPORTS) / OUTAGES),
        Math.floor(((outage + 1) * REPORTS) / OUTAGES),
      );
      const whileUp = Math.floor(round.length / 3);
      // Reports flow while the broker is killed in the middle of them.
      const flowing = write(round.slice(0, whileUp));
      await msUntil(async () => written >= whileUp / 2 + outage * (REPORTS / OUTAGES), 'reports');
      await broker.kill();
      await flowing;
      await write(round.slice(whileUp));
      queued.push(await pending());

      const restarting = Date.now();
      await broker.restart();
      const back = Date.now();
      restarts.push(back - restarting);
      published.push(await msUntil(async () => (await pending()) === 0, 'the outbox sent', back));
      const each = await Promise.all(
        consumers.map((consumer) =>
          msUntil(
            async () => (await appliedEvents(consumer.database, TOPIC)).applied >= written,
            `${consumer.name} applied`,
            back,
          ),
        ),
      );
      // When each consumer applied its first and its last event after the broker's return: the
      // first is how long it took to reach the broker and its group again, the rest is applying.
      const spans = await Promise.all(
        consumers.map((consumer) => appliedSince(consumer.database, TOPIC, back)),
      );
      perConsumer.push(
        each
          .map(
            (ms, i) =>
              `${consumers[i]!.name} ${ms} (first ${spans[i]!.first}, applying ${spans[i]!.last - spans[i]!.first})`,
          )
          .join(' '),
      );
      recovered.push(Math.max(...each));
    }

    const outbox: { id: string }[] = await districts.dataSource.query(
      'SELECT id FROM outbox_event WHERE topic = $1',
      [TOPIC],
    );
    const census = await topicCensus(TOPIC, broker.brokers());
    const applied = await Promise.all(
      consumers.map(async (consumer) => ({
        name: consumer.name,
        ...(await appliedEvents(consumer.database, TOPIC)),
        copies: (
          await query<{ n: number }>(
            consumer.database,
            'SELECT count(*)::int AS n FROM caseload_copy',
          )
        )[0]!.n,
      })),
    );
    report('Broker killed (SIGKILL) and restarted three times under 1,000 caseload reports', {
      'reports written': written,
      'outbox events': outbox.length,
      'messages on the topic': census.messages,
      'distinct events on the topic': census.ids.size,
      ...Object.fromEntries(
        applied.map((a) => [
          `${a.name}: applied / distinct / caseload rows / dead letters`,
          `${a.applied} / ${a.distinct} / ${a.copies} / ${a.dead}`,
        ]),
      ),
      'events queued at each restart': queued,
      'broker restart to ready (ms)': restarts,
      'broker back → outbox sent (ms)': published,
      'broker back → all applied by every consumer (ms)': recovered,
      'broker back → applied, per consumer (ms)': perConsumer.join('; '),
    });

    expect(written).toBe(REPORTS);
    expect(outbox).toHaveLength(REPORTS);
    expect(census.ids.size).toBe(REPORTS);
    expect([...census.ids].sort()).toEqual(outbox.map((row) => row.id).sort());
    for (const a of applied) {
      expect(a).toMatchObject({ applied: REPORTS, distinct: REPORTS, copies: REPORTS, dead: 0 });
    }
    for (const count of queued) expect(count).toBeGreaterThanOrEqual(200);
    for (const ms of recovered) expect(ms).toBeLessThanOrEqual(RECOVERY_ASSERTED_MS);
  }, 240_000);
});
