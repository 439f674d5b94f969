import { addMonths } from '@jobcenter/kernel';
import { computeBenchmark, type Benchmark, type CaseloadFigures } from './benchmarking';

/** How far a month's report reaches: K1 and K3 a year on, K2 over the 12 months ending with it. */
export const MONTHS_AFFECTED_AFTER = 12;
/** How far back a benchmark reads: K1 and K3 need the month a year earlier, K2 its 12 months. */
export const MONTHS_READ_BEFORE = 23;

/** The first month of caseload the benchmarks from `first` on read. */
export const firstMonthRead = (first: string): string => addMonths(first, -MONTHS_READ_BEFORE);

/**
 * The stretches of consecutive months whose benchmarks reports of `reported` change: each month
 * and the 12 after it, up to the latest month with caseload, overlapping or adjacent ones joined
 * (a batch of reports changes the same months many times over).
 */
export function stretchesToRefresh(
  reported: Iterable<string>,
  latestMonth: string | null,
): { first: string; last: string }[] {
  const stretches: { first: string; last: string }[] = [];
  for (const month of [...new Set(reported)].sort()) {
    const last = minMonth(addMonths(month, MONTHS_AFFECTED_AFTER), latestMonth ?? month);
    const previous = stretches[stretches.length - 1];
    if (previous && month <= addMonths(previous.last, 1)) {
      if (last > previous.last) previous.last = last;
    } else stretches.push({ first: month, last });
  }
  return stretches;
}

/** The benchmark of every month from `first` to `last` of the districts, from the reports given. */
export function benchmarksBetween(
  first: string,
  last: string,
  districtIds: readonly string[],
  reports: readonly CaseloadFigures[],
): Benchmark[] {
  const benchmarks: Benchmark[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1))
    benchmarks.push(computeBenchmark(month, districtIds, reports));
  return benchmarks;
}

const minMonth = (a: string, b: string) => (a < b ? a : b);
