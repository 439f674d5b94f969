import { isDeepStrictEqual } from 'node:util';
import type { PayloadOf } from '@jobcenter/events';
import { addMonths } from '@jobcenter/kernel';
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
import { computeBenchmark, type CaseloadFigures } from '../src/domain/benchmarking';
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

  it('stores every month that a batch of reports over months far apart changes', async () => {
    // Reports that wait while governance is away are applied in batches when it starts again.
    await governance.stop();
    const since = new Date();
    const stretches = [
      Array.from({ length: 3 }, (_, index) => addMonths('2022-01', index)),
      Array.from({ length: 3 }, (_, index) => addMonths('2024-06', index)),
    ];
    for (const month of stretches.flat())
      for (const id of ['alpha', 'beta']) await publishReport(id, month);
    governance = await startTestGovernance({ brokers, env });

    const districtIds = ['alpha', 'beta', 'gamma'];
    // Each reported month and the 12 after it (up to the last month held) must be stored anew.
    const changed = [
      ...new Set(
        stretches
          .flat()
          .flatMap((month) => Array.from({ length: 13 }, (_, index) => addMonths(month, index)))
          .filter((month) => month <= LAST),
      ),
    ].sort();
    const storedMonths = async (): Promise<[string, unknown][]> =>
      (
        await governance.dataSource.query(
          `SELECT to_char(month, 'YYYY-MM') AS month, benchmark FROM benchmark_month ORDER BY month`,
        )
      ).map((row: { month: string; benchmark: unknown }) => [row.month, row.benchmark]);
    const allExpected = async () =>
      (await storedMonths()).every(([month, benchmark]) =>
        isDeepStrictEqual(benchmark, expected(month, districtIds)),
      );
    const changedStored = async () => {
      const months = new Map(await storedMonths());
      return changed.every((month) =>
        isDeepStrictEqual(months.get(month), expected(month, districtIds)),
      );
    };
    await eventually(changedStored, 'the projection of every changed month');
    // Every stored month, changed or not, is what the caseload gives.
    expect(await allExpected()).toBe(true);
    // The months between the stretches that no report reaches were not stored.
    expect(new Map(await storedMonths()).has('2023-04')).toBe(false);
    // They came in batches: fewer transactions (applied_at is a transaction's start) than reports.
    const [{ reports, transactions }] = await governance.dataSource.query(
      `SELECT count(*)::int AS reports, count(DISTINCT applied_at)::int AS transactions
         FROM applied_event WHERE applied_at >= $1`,
      [since],
    );
    expect(reports).toBe(stretches.flat().length * 2);
    expect(transactions).toBeLessThan(reports);
  });
});
