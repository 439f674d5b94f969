import type { EntityManager } from 'typeorm';
import type { Benchmark } from '../domain/benchmarking';
import {
  benchmarksBetween,
  firstMonthRead,
  stretchesToRefresh,
} from '../domain/benchmark-projection';
import { BenchmarksRepository } from '../repositories/benchmarks.repository';
import { CaseloadRepository } from '../repositories/caseload.repository';
import { DistrictsRepository } from '../repositories/districts.repository';

/**
 * The version of the computation the stored benchmarks come from: raise it with every change of
 * `computeBenchmark`, and the next start recomputes them.
 */
export const BENCHMARK_ALGORITHM = 1;

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
  const byMonth = await new BenchmarksRepository(manager).stored(months, BENCHMARK_ALGORITHM);
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
  const reported = [...new Set(months)];
  if (reported.length === 0) return;
  const benchmarks = new BenchmarksRepository(manager);
  await benchmarks.lock();
  const latest = await new CaseloadRepository(manager).latestMonth();
  for (const { first, last } of stretchesToRefresh(reported, latest))
    await benchmarks.store(await computeMonths(manager, first, last), BENCHMARK_ALGORITHM);
}

/** Recomputes every stored benchmark (the set of districts changed, or the projection is new). */
export async function refreshAllBenchmarks(manager: EntityManager): Promise<void> {
  const benchmarks = new BenchmarksRepository(manager);
  await benchmarks.lock();
  const range = await new CaseloadRepository(manager).monthRange();
  if (!range) return;
  await benchmarks.store(
    await computeMonths(manager, range.first, range.last),
    BENCHMARK_ALGORITHM,
  );
}

/**
 * Builds the projection when it is missing (a database from before it) or was computed by another
 * version of the computation.
 */
export async function ensureBenchmarkProjection(manager: EntityManager): Promise<void> {
  const state = await new BenchmarksRepository(manager).state(BENCHMARK_ALGORITHM);
  if (state.outdated || (state.hasCaseload && !state.current))
    await manager.transaction(async (inner) => {
      await new BenchmarksRepository(inner).deleteOtherThan(BENCHMARK_ALGORITHM);
      await refreshAllBenchmarks(inner);
    });
}

/** The benchmarks of the months first..last, computed from one read of the caseload they need. */
async function computeMonths(
  manager: EntityManager,
  first: string,
  last: string,
): Promise<Benchmark[]> {
  const districtIds = await new DistrictsRepository(manager).ids();
  const reports = await new CaseloadRepository(manager).figuresBetween(firstMonthRead(first), last);
  return benchmarksBetween(first, last, districtIds, reports);
}
