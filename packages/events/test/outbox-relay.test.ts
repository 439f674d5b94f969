import type { DataSource } from 'typeorm';
import { openDatabase } from '@jobcenter/db';
import { createLogger } from '@jobcenter/logger';
import {
  createKafka,
  ensureTopics,
  EventTables1764000000000,
  Outbox,
  OutboxRelay,
  topics,
} from '@jobcenter/events';
import { aDistrictChange, createTestDatabase, readTopic, uniqueId } from '@jobcenter/testing';
import { testKafkaBrokers } from '@jobcenter/testing';
import { randomUUID } from 'node:crypto';

const logger = createLogger('relay-test', 'silent');

const aCaseloadReport = (districtId: string) => ({
  reportId: randomUUID(),
  districtId,
  month: '2025-01',
  version: 1,
  correctionOf: null,
  benefitHouseholds: 10,
  eligibleJobseekers: 12,
  eligibleJobseekersUnder25: 2,
  longTermRecipients: 6,
  integrations: 1,
  subsistenceBenefitsCents: 700_000,
  reportedAt: new Date().toISOString(),
});

describe('outbox and relay', () => {
  let dataSource: DataSource;
  const kafka = createKafka({ clientId: 'relay-test', brokers: testKafkaBrokers(), logger });
  const outbox = new Outbox('/jobcenter/test');

  beforeAll(async () => {
    dataSource = await openDatabase({
      url: await createTestDatabase('relay'),
      entities: [],
      migrations: [EventTables1764000000000],
      logger,
    });
    await ensureTopics(kafka, [topics.caseloadReported, topics.districtChanged]);
  });
  afterAll(() => dataSource.destroy());

  it('refuses to write an event outside the transaction of its state change', async () => {
    await expect(
      outbox.publish(dataSource.manager, 'districtChanged', 'x', aDistrictChange('x')),
    ).rejects.toThrow(/inside the transaction/);
  });

  it('refuses a payload that breaks its topic’s schema, and writes nothing', async () => {
    const attempt = dataSource.transaction((manager) =>
      outbox.publish(manager, 'districtChanged', 'x', {
        ...aDistrictChange('x'),
        sizeGroup: 'HUGE',
      } as never),
    );
    await expect(attempt).rejects.toThrow(/sizeGroup/);
    expect((await dataSource.query('SELECT count(*)::int AS n FROM outbox_event'))[0].n).toBe(0);
  });

  it('sends rows of interleaved topics, each topic in the order written', async () => {
    const key = uniqueId('interleaved');
    const written = await dataSource.transaction(async (manager) => [
      await outbox.publish(manager, 'caseloadReported', key, aCaseloadReport(key)),
      await outbox.publish(manager, 'districtChanged', key, aDistrictChange(key)),
      await outbox.publish(manager, 'caseloadReported', key, aCaseloadReport(key)),
      await outbox.publish(manager, 'districtChanged', key, aDistrictChange(key)),
    ]);
    const caseload = await readTopic(topics.caseloadReported.name);
    const districts = await readTopic(topics.districtChanged.name);
    const relay = new OutboxRelay({ dataSource, kafka, logger });
    try {
      expect(await relay.drain()).toBe(4);
      const ids = (messages: { value: Record<string, unknown> }[]) =>
        messages.map((m) => m.value.id);
      expect(ids(await caseload.waitFor((m) => m.key === key, 2))).toEqual([
        written[0]!.id,
        written[2]!.id,
      ]);
      expect(ids(await districts.waitFor((m) => m.key === key, 2))).toEqual([
        written[1]!.id,
        written[3]!.id,
      ]);
      expect(await relay.pendingCount()).toBe(0);
    } finally {
      await relay.stop();
      await caseload.stop();
      await districts.stop();
    }
  });
});
