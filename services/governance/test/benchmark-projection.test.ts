import { isDeepStrictEqual } from 'node:util';
import type { PayloadOf } from '@jobcenter/events';
import {
  aCaseloadReport,
  aDistrictChange,
  createTestDatabase,
  eventProducer,
  eventually,
  ownKafkaBroker,
  uniqueId,
} from '@jobcenter/testing';
import { benchmarkFor } from '../src/application/benchmarking';
import { addMonths, computeBenchmark, type CaseloadFigures } from '../src/domain/benchmarking';
import type { GovernanceService } from '../src/service';
import { startTestGovernance } from './support/governance';

/** Thirteen months: enough for K1 and K3 of the last one, which compare with a year earlier. */
const MONTHS = Array.from({ length: 13 }, (_, index) => addMonths('2025-01', index));
const LAST = MONTHS[MONTHS.length - 1]!;

/**
 * The benchmark projection: what governance stores for a month equals the benchmark computed
 * from the caseload it holds, after reports, corrections, outdated versions, a district that
 * arrives after its reports, and a restart with the projection gone.
 */
describe('the benchmark projection (real PostgreSQL and Kafka)', () => {
  const broker = ownKafkaBroker('benchmark-projection');
  let brokers: string[];
  let governance: GovernanceService;
  let env: Record<string, string>;
  let producer: Awaited<ReturnType<typeof eventProducer>>;
  /** What the test published, as the valid figures of each district and month. */
  const published = new Map<string, CaseloadFigures>();

  const publishReport = async (
    districtId: string,
    month: string,
    overrides: Partial<PayloadOf<'caseloadReported'>> = {},
    valid = true,
  ) => {
    const report = aCaseloadReport(districtId, month, overrides);
    await producer.publish('caseloadReported', districtId, report);
    if (valid)
      published.set(`${districtId}|${month}`, {
        districtId,
        month,
        eligibleJobseekers: report.eligibleJobseekers,
        longTermRecipients: report.longTermRecipients,
        integrations: report.integrations,
        subsistenceBenefitsCents: report.subsistenceBenefitsCents,
      });
  };
  const expected = (month: string, districtIds: string[]) =>
    computeBenchmark(month, districtIds, [...published.values()]);
  const stored = () => benchmarkFor(governance.dataSource.manager, LAST);
  const equalsExpected = async (districtIds: string[]) =>
    isDeepStrictEqual(await stored(), expected(LAST, districtIds));

  beforeAll(async () => {
    brokers = broker.start();
    env = {
      DATABASE_URL: await createTestDatabase('governance-projection'),
      CONSUMER_GROUP: uniqueId('governance-projection'),
    };
    governance = await startTestGovernance({ brokers, env });
    producer = await eventProducer(brokers);
  }, 180_000);

  afterAll(async () => {
    await producer?.stop();
    await governance?.stop();
    broker.stop();
  });

  it('stores what the caseload gives, and follows corrections but not outdated versions', async () => {
    for (const id of ['alpha', 'beta'])
      await producer.publish('districtChanged', id, aDistrictChange(id));
    for (const month of MONTHS) {
      await publishReport('alpha', month, { subsistenceBenefitsCents: 100_000_000 });
      await publishReport('beta', month, { subsistenceBenefitsCents: 90_000_000 });
    }
    await eventually(() => equalsExpected(['alpha', 'beta']), 'the projection of the last month');
    expect((await stored()).districts.map((district) => district.k1.value)).toEqual([0, 0]);

    // A correction of the month a year earlier changes K1 of the last month.
    await publishReport('alpha', MONTHS[0]!, { version: 2, subsistenceBenefitsCents: 80_000_000 });
    await eventually(() => equalsExpected(['alpha', 'beta']), 'the corrected projection');
    expect((await stored()).districts[0]!.k1.value).toBe(25);

    // An older version arriving late changes nothing: the next change shows it was applied.
    await publishReport('alpha', MONTHS[0]!, { version: 1, subsistenceBenefitsCents: 1 }, false);
    await publishReport('beta', LAST, { version: 2, subsistenceBenefitsCents: 95_000_000 });
    await eventually(() => equalsExpected(['alpha', 'beta']), 'the projection after beta');
  });

  it('includes a district whose master data arrives after its reports', async () => {
    for (const month of MONTHS) await publishReport('gamma', month);
    await producer.publish('districtChanged', 'gamma', aDistrictChange('gamma'));

    await eventually(() => equalsExpected(['alpha', 'beta', 'gamma']), 'gamma in the projection');
    expect((await stored()).districts.map((district) => district.districtId)).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
  });

  it('rebuilds itself on start when it is missing (a database from before it)', async () => {
    const before = await stored();
    await governance.dataSource.query('DELETE FROM benchmark_month');
    await governance.stop();

    governance = await startTestGovernance({ brokers, env });
    const [{ months }] = await governance.dataSource.query(
      'SELECT count(*)::int AS months FROM benchmark_month',
    );
    expect(months).toBe(MONTHS.length);
    expect(await stored()).toEqual(before);
  });
});
