import type { EntityManager } from 'typeorm';
import { lockName } from '@jobcenter/db';
import { addMonths } from '@jobcenter/kernel';
import { computeBenchmark, type Benchmark, type CaseloadFigures } from '../domain/benchmarking';

/**
 * The version of the computation the stored benchmarks come from: raise it with every change of
 * `computeBenchmark`, and the next start recomputes them.
 */
export const BENCHMARK_ALGORITHM = 1;

/** How far a month's report reaches: K1 and K3 a year on, K2 over the 12 months ending with it. */
const MONTHS_AFFECTED_AFTER = 12;
/** How far back a benchmark reads: K1 and K3 need the month a year earlier, K2 its 12 months. */
const MONTHS_READ_BEFORE = 23;

interface CaseloadRow {
  district_id: string;
  month: string;
  eligible_jobseekers: number;
  long_term_recipients: number;
  integrations: number;
  subsistence_benefits_cents: string;
}

/**
 * The benchmark of a month (§ 48a SGB II: K1-K3 with ranks and county values), kept as a
 * projection (`benchmark_month`) of the caseload governance received: refreshed in the
 * transaction that applies caseload reports or a change of the districts (once for the batch of
 * events it applies), read with one statement. A month outside the caseload held (nothing to compare yet) is computed when asked.
 */
export async function benchmarkFor(manager: EntityManager, month: string): Promise<Benchmark> {
  const [benchmark] = await benchmarksFor(manager, [month]);
  return benchmark!;
}

/**
 * The benchmarks of several months, in the order asked: the stored ones with one statement, any
 * month outside the caseload held computed from one read of the reports it needs.
 */
export async function benchmarksFor(
  manager: EntityManager,
  months: readonly string[],
): Promise<Benchmark[]> {
  if (months.length === 0) return [];
  const rows: { benchmark: Benchmark }[] = await manager.query(
    `SELECT benchmark FROM benchmark_month
      WHERE month = ANY(SELECT to_date(m, 'YYYY-MM') FROM unnest($1::text[]) AS m) AND algorithm = $2`,
    [[...months], BENCHMARK_ALGORITHM],
  );
  const byMonth = new Map(rows.map(({ benchmark }) => [benchmark.month, benchmark]));
  const missing = months.filter((month) => !byMonth.has(month)).sort();
  if (missing.length > 0) {
    const computed = await computeMonths(manager, missing[0]!, missing[missing.length - 1]!);
    for (const benchmark of computed)
      if (!byMonth.has(benchmark.month)) byMonth.set(benchmark.month, benchmark);
  }
  return months.map((month) => byMonth.get(month)!);
}

/**
 * Recomputes the stored benchmarks that reports of `months` change (each month and the 12 after),
 * once for all of them: each stretch of consecutive months with one read of the caseload it needs
 * (a batch of reports changes the same months many times over).
 */
export async function refreshBenchmarksAfterReports(
  manager: EntityManager,
  months: Iterable<string>,
): Promise<void> {
  const reported = [...new Set(months)].sort();
  if (reported.length === 0) return;
  await lockProjection(manager);
  const [latest] = await manager.query(
    `SELECT to_char(max(month), 'YYYY-MM') AS month FROM caseload_copy`,
  );
  const stretches: { first: string; last: string }[] = [];
  for (const month of reported) {
    const last = minMonth(addMonths(month, MONTHS_AFFECTED_AFTER), latest?.month ?? month);
    const previous = stretches[stretches.length - 1];
    if (previous && month <= addMonths(previous.last, 1)) {
      if (last > previous.last) previous.last = last;
    } else stretches.push({ first: month, last });
  }
  for (const { first, last } of stretches)
    await store(manager, await computeMonths(manager, first, last));
}

/** Recomputes every stored benchmark (the set of districts changed, or the projection is new). */
export async function refreshAllBenchmarks(manager: EntityManager): Promise<void> {
  await lockProjection(manager);
  const [range] = await manager.query(
    `SELECT to_char(min(month), 'YYYY-MM') AS first, to_char(max(month), 'YYYY-MM') AS last FROM caseload_copy`,
  );
  if (!range?.first) return;
  await store(manager, await computeMonths(manager, range.first, range.last));
}

/**
 * Builds the projection when it is missing (a database from before it) or was computed by another
 * version of the computation.
 */
export async function ensureBenchmarkProjection(manager: EntityManager): Promise<void> {
  const [state] = await manager.query(
    `SELECT (SELECT count(*) FROM caseload_copy) > 0 AS has_caseload,
            EXISTS (SELECT 1 FROM benchmark_month WHERE algorithm = $1) AS current,
            EXISTS (SELECT 1 FROM benchmark_month WHERE algorithm <> $1) AS outdated`,
    [BENCHMARK_ALGORITHM],
  );
  if (state.outdated || (state.has_caseload && !state.current))
    await manager.transaction(async (inner) => {
      await inner.query('DELETE FROM benchmark_month WHERE algorithm <> $1', [BENCHMARK_ALGORITHM]);
      await refreshAllBenchmarks(inner);
    });
}

/**
 * One refresh at a time (replicas of governance apply reports of different districts at once):
 * each reads the caseload after the others' refreshes committed, so none stores a month without
 * another's report.
 */
const lockProjection = (manager: EntityManager) => lockName(manager, 'governance.benchmark_month');

async function computeMonths(
  manager: EntityManager,
  first: string,
  last: string,
): Promise<Benchmark[]> {
  const districts: { id: string }[] = await manager.query(
    'SELECT id FROM district_copy ORDER BY id',
  );
  const rows: CaseloadRow[] = await manager.query(
    `SELECT district_id, to_char(month, 'YYYY-MM') AS month, eligible_jobseekers, long_term_recipients,
            integrations, subsistence_benefits_cents
       FROM caseload_copy
      WHERE month BETWEEN to_date($1, 'YYYY-MM') AND to_date($2, 'YYYY-MM')`,
    [addMonths(first, -MONTHS_READ_BEFORE), last],
  );
  const reports: CaseloadFigures[] = rows.map((row) => ({
    districtId: row.district_id,
    month: row.month,
    eligibleJobseekers: row.eligible_jobseekers,
    longTermRecipients: row.long_term_recipients,
    integrations: row.integrations,
    subsistenceBenefitsCents: Number(row.subsistence_benefits_cents),
  }));
  const ids = districts.map((district) => district.id);
  const benchmarks: Benchmark[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1))
    benchmarks.push(computeBenchmark(month, ids, reports));
  return benchmarks;
}

async function store(manager: EntityManager, benchmarks: Benchmark[]): Promise<void> {
  if (benchmarks.length === 0) return;
  await manager.query(
    `INSERT INTO benchmark_month (month, benchmark, algorithm, computed_at)
     SELECT to_date(entry->>'month', 'YYYY-MM'), entry, $2, now() FROM jsonb_array_elements($1::jsonb) AS entry
     ON CONFLICT (month) DO UPDATE
       SET benchmark = EXCLUDED.benchmark, algorithm = EXCLUDED.algorithm, computed_at = EXCLUDED.computed_at`,
    [JSON.stringify(benchmarks), BENCHMARK_ALGORITHM],
  );
}

const minMonth = (a: string, b: string) => (a < b ? a : b);
