import type { EChartsOption } from 'echarts';
import { monthsBetween, shortMonthLabel } from '../format';

/**
 * The data mapping of the charts: figures from the graph into ECharts options. A month without a
 * figure stays a gap (null), never a zero.
 */

/** Values by month, in the order of `months`; null where a month has no figure. */
export function alignToMonths<T extends { month: string }>(
  entries: readonly T[],
  months: readonly string[],
  value: (entry: T) => number | null,
): (number | null)[] {
  const byMonth = new Map(entries.map((entry) => [entry.month, value(entry)]));
  return months.map((month) => byMonth.get(month) ?? null);
}

/** A sparkline of one figure over the months from `from` to `to` (the overview's trend). */
export function sparklineOption(
  reports: readonly { month: string; eligibleJobseekers: number }[],
  from: string,
  to: string,
): EChartsOption {
  const months = monthsBetween(from, to);
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category', data: months.map(shortMonthLabel), show: false },
    yAxis: { type: 'value', show: false, scale: true },
    tooltip: { trigger: 'axis' },
    series: [
      {
        name: 'eLb',
        type: 'line',
        showSymbol: false,
        connectNulls: false,
        data: alignToMonths(reports, months, (report) => report.eligibleJobseekers),
      },
    ],
  };
}

type CaseloadFigures = {
  month: string;
  benefitHouseholds: number;
  eligibleJobseekers: number;
  eligibleJobseekersUnder25: number;
  longTermRecipients: number;
};

/** The caseload of one district office over time, one line per figure. */
export function caseloadOption(
  reports: readonly CaseloadFigures[],
  from: string,
  to: string,
): EChartsOption {
  const months = monthsBetween(from, to);
  const line = (name: string, value: (report: CaseloadFigures) => number, dashed = false) => ({
    name,
    type: 'line' as const,
    connectNulls: false,
    lineStyle: dashed ? { type: 'dashed' as const } : undefined,
    data: alignToMonths(reports, months, value),
  });
  return {
    animation: false,
    legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 16, bottom: 56 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months.map(shortMonthLabel) },
    yAxis: { type: 'value' },
    series: [
      line('Erwerbsfähige Leistungsberechtigte', (report) => report.eligibleJobseekers),
      line('Bedarfsgemeinschaften', (report) => report.benefitHouseholds),
      line('Langzeitleistungsbeziehende', (report) => report.longTermRecipients, true),
      line('eLb unter 25', (report) => report.eligibleJobseekersUnder25, true),
    ],
  };
}

export type IndicatorKey = 'k1' | 'k2' | 'k3';

type BenchmarkMonth = {
  month: string;
  county: Record<IndicatorKey, { value?: number | null }>;
  districts: ({ district: { id: string } } & Record<IndicatorKey, { value?: number | null }>)[];
};

/** One indicator of a district over time against the county value of each month. */
export function indicatorOption(
  benchmarks: readonly BenchmarkMonth[],
  districtId: string,
  key: IndicatorKey,
  districtName: string,
): EChartsOption {
  const months = benchmarks.map((benchmark) => benchmark.month);
  const of = (benchmark: BenchmarkMonth) =>
    benchmark.districts.find((entry) => entry.district.id === districtId)?.[key].value ?? null;
  return {
    animation: false,
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (value === null ? '–' : `${String(value)} %`),
    },
    xAxis: { type: 'category', data: months.map(shortMonthLabel) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value} %' }, scale: true },
    series: [
      { name: districtName, type: 'line', connectNulls: false, data: benchmarks.map(of) },
      {
        name: 'Kreis',
        type: 'line',
        connectNulls: false,
        lineStyle: { type: 'dashed' },
        data: benchmarks.map((benchmark) => benchmark.county[key].value ?? null),
      },
    ],
  };
}

type ProposedAmount = {
  district: { id: string; name?: string | null };
  amount: number;
  contributions: { indicator: string; amount: number }[];
};

/**
 * Each district's allocation as a stack of what each indicator contributed (euros, from cents).
 * Contributions add up to the amount exactly, so the stack's height is the district's amount.
 */
export function allocationOption(
  districts: readonly ProposedAmount[],
  indicatorLabel: (indicator: string) => string,
): EChartsOption {
  const indicators = [
    ...new Set(districts.flatMap((entry) => entry.contributions.map((c) => c.indicator))),
  ];
  return {
    animation: false,
    legend: { bottom: 0 },
    grid: { left: 90, right: 16, top: 16, bottom: 80 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: districts.map((entry) => entry.district.name ?? entry.district.id),
      axisLabel: { rotate: 30 },
    },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => `${value / 1_000_000} Mio. €` },
    },
    series: indicators.map((indicator) => ({
      name: indicatorLabel(indicator),
      type: 'bar' as const,
      stack: 'amount',
      data: districts.map(
        (entry) =>
          (entry.contributions.find((contribution) => contribution.indicator === indicator)
            ?.amount ?? 0) / 100,
      ),
    })),
  };
}
