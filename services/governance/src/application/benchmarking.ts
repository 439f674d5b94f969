import type { EntityManager } from 'typeorm';
import { computeBenchmark, type Benchmark, type CaseloadFigures } from '../domain/benchmarking';

/**
 * The benchmark of a month from the caseload governance received (`caseload_copy`): the ten
 * districts it knows (from `districts.district-changed.v1`) and the 24 months the indicators need.
 */
export async function benchmarkFor(manager: EntityManager, month: string): Promise<Benchmark> {
  const [benchmark] = await benchmarksFor(manager, [month]);
  return benchmark!;
}

/**
 * The benchmarks of several months (oldest first), from one read of the reports they need: the
 * months themselves and the 23 before the first.
 */
export async function benchmarksFor(
  manager: EntityManager,
  months: readonly string[],
): Promise<Benchmark[]> {
  if (months.length === 0) return [];
  const sorted = [...months].sort();
  const districts: { id: string }[] = await manager.query(
    'SELECT id FROM district_copy ORDER BY id',
  );
  const rows: {
    district_id: string;
    month: string;
    eligible_jobseekers: number;
    long_term_recipients: number;
    integrations: number;
    subsistence_benefits_cents: string;
  }[] = await manager.query(
    `SELECT district_id, to_char(month, 'YYYY-MM') AS month, eligible_jobseekers, long_term_recipients, integrations,
            subsistence_benefits_cents
       FROM caseload_copy
      WHERE month BETWEEN (to_date($1, 'YYYY-MM') - interval '23 months') AND to_date($2, 'YYYY-MM')`,
    [sorted[0], sorted[sorted.length - 1]],
  );
  const reports: CaseloadFigures[] = rows.map((row) => ({
    districtId: row.district_id,
    month: row.month,
    eligibleJobseekers: row.eligible_jobseekers,
    longTermRecipients: row.long_term_recipients,
    integrations: row.integrations,
    subsistenceBenefitsCents: Number(row.subsistence_benefits_cents),
  }));
  const districtIds = districts.map((district) => district.id);
  return months.map((month) => computeBenchmark(month, districtIds, reports));
}
