import { addMonths, isYearMonth } from '@jobcenter/kernel';

/** The figures of one district's valid caseload report for one month. Money in integer cents. */
export interface CaseloadFigures {
  districtId: string;
  month: string;
  eligibleJobseekers: number;
  longTermRecipients: number;
  integrations: number;
  subsistenceBenefitsCents: number;
}

/** The § 48a SGB II indicators compared between the district offices. */
export type IndicatorKey = 'K1' | 'K2' | 'K3';

export interface IndicatorResult {
  value: number | null;
  rank: number | null;
  missingReason: string | null;
}

export interface DistrictBenchmark {
  districtId: string;
  k1: IndicatorResult;
  k2: IndicatorResult;
  k3: IndicatorResult;
}

export interface CountyValue {
  value: number | null;
  districtsCovered: number;
  missingReason: string | null;
}

export interface Benchmark {
  month: string;
  districts: DistrictBenchmark[];
  county: { k1: CountyValue; k2: CountyValue; k3: CountyValue };
}

export const INDICATOR_FORMULAS: Record<IndicatorKey, string> = {
  K1:
    'K1 (change in subsistence benefits) is the subsistence benefits of the month divided by ' +
    'those of the same month a year earlier, minus 1, times 100, in percent rounded to 2 ' +
    'decimals, where lower is better.',
  K2:
    'K2 (integration rate) is the sum of integrations into work over the 12 months ending with ' +
    'the month divided by the average number of eligible jobseekers over the same 12 months, ' +
    'times 100, in percent rounded to 2 decimals, where higher is better.',
  K3:
    'K3 (change in long-term recipients) is the number of long-term recipients in the month ' +
    'divided by that of the same month a year earlier, minus 1, times 100, in percent rounded ' +
    'to 2 decimals, where lower is better.',
};

/**
 * Compares the district offices in `month` on K1 to K3 and computes the county value of each
 * indicator over the districts that have the reports it needs. `reports` holds at most one (the
 * valid) report per district and month; reports of districts not in `districtIds` are ignored.
 */
export function computeBenchmark(
  month: string,
  districtIds: readonly string[],
  reports: readonly CaseloadFigures[],
): Benchmark {
  assertYearMonth(month);
  const reportsByDistrict = indexReports(districtIds, reports);
  const rows = districtIds.map((districtId) => {
    const history = reportsByDistrict.get(districtId) ?? new Map<string, CaseloadFigures>();
    return {
      districtId,
      assessed: byIndicator((key) => assessDistrict(INDICATORS[key], month, history)),
    };
  });
  const rankOf = byIndicator((key) =>
    ranker(
      rows.map((row) => row.assessed[key].value),
      INDICATORS[key].betterWhen,
    ),
  );
  const countyOf = byIndicator((key) =>
    countyValue(
      INDICATORS[key],
      month,
      rows.map((row) => row.assessed[key].ratio),
    ),
  );
  return {
    month,
    districts: rows.map(({ districtId, assessed }) => {
      const resultOf = (key: IndicatorKey): IndicatorResult => ({
        value: assessed[key].value,
        rank: rankOf[key](assessed[key].value),
        missingReason: assessed[key].missingReason,
      });
      return { districtId, k1: resultOf('K1'), k2: resultOf('K2'), k3: resultOf('K3') };
    }),
    county: { k1: countyOf.K1, k2: countyOf.K2, k3: countyOf.K3 },
  };
}

interface Ratio {
  numerator: number;
  denominator: number;
}

interface Indicator {
  betterWhen: 'lower' | 'higher';
  /** The report months the indicator needs, in the order `ratioOf` expects them. */
  monthsNeeded(month: string): string[];
  ratioOf(reports: readonly CaseloadFigures[]): Ratio;
  percentOf(ratio: Ratio): number;
  describeMissingMonths(month: string, missing: readonly string[]): string;
  /** `where` is empty for a district and names the covered districts for the county. */
  describeZeroDenominator(month: string, where: string): string;
  describeNoDistrictCovered(month: string): string;
}

/** A ratio exists once all needed reports exist, even when its denominator is 0. */
interface Assessment {
  ratio: Ratio | null;
  value: number | null;
  missingReason: string | null;
}

type ReportsByMonth = ReadonlyMap<string, CaseloadFigures>;

const K2_WINDOW_MONTHS = 12;

function yearOnYearChange(
  key: 'K1' | 'K3',
  figure: 'subsistenceBenefitsCents' | 'longTermRecipients',
  figureName: string,
): Indicator {
  return {
    betterWhen: 'lower',
    monthsNeeded: (month) => [month, addMonths(month, -12)],
    ratioOf: (reports) => {
      const [current, yearEarlier] = reports as [CaseloadFigures, CaseloadFigures];
      return { numerator: current[figure], denominator: yearEarlier[figure] };
    },
    percentOf: ({ numerator, denominator }) => (numerator / denominator - 1) * 100,
    describeMissingMonths: (_month, missing) =>
      `no ${missing.length === 1 ? 'report' : 'reports'} for ${missing.join(' and ')} ` +
      `(${key} compares with the same month a year earlier)`,
    describeZeroDenominator: (month, where) =>
      `${figureName} of ${addMonths(month, -12)} were 0${where}, ` +
      `so ${key} has no base to compare with`,
    describeNoDistrictCovered: (month) =>
      `no district has reports for both ${month} and ${addMonths(month, -12)}, ` +
      `which ${key} compares`,
  };
}

const integrationRate: Indicator = {
  betterWhen: 'higher',
  monthsNeeded: k2Window,
  ratioOf: (reports) => ({
    numerator: sum(reports.map((report) => report.integrations)),
    denominator: sum(reports.map((report) => report.eligibleJobseekers)) / K2_WINDOW_MONTHS,
  }),
  percentOf: ({ numerator, denominator }) => (numerator / denominator) * 100,
  describeMissingMonths: (month, missing) =>
    `K2 needs the ${K2_WINDOW_MONTHS} months ${describeK2Window(month)}; ` +
    `missing: ${missing.join(', ')}`,
  describeZeroDenominator: (month, where) =>
    `the average number of eligible jobseekers over ${describeK2Window(month)} is 0${where}, ` +
    `so K2 cannot be computed`,
  describeNoDistrictCovered: (month) =>
    `no district has all ${K2_WINDOW_MONTHS} reports K2 needs (${describeK2Window(month)})`,
};

const INDICATORS: Record<IndicatorKey, Indicator> = {
  K1: yearOnYearChange('K1', 'subsistenceBenefitsCents', 'subsistence benefits'),
  K2: integrationRate,
  K3: yearOnYearChange('K3', 'longTermRecipients', 'long-term recipients'),
};

function byIndicator<T>(make: (key: IndicatorKey) => T): Record<IndicatorKey, T> {
  return { K1: make('K1'), K2: make('K2'), K3: make('K3') };
}

function indexReports(
  districtIds: readonly string[],
  reports: readonly CaseloadFigures[],
): Map<string, Map<string, CaseloadFigures>> {
  const known = new Set(districtIds);
  const index = new Map<string, Map<string, CaseloadFigures>>();
  for (const report of reports) {
    if (!known.has(report.districtId)) continue;
    const history = index.get(report.districtId) ?? new Map<string, CaseloadFigures>();
    if (history.has(report.month)) {
      throw new Error(
        `two reports for district ${report.districtId} and month ${report.month}; ` +
          'pass only the valid version',
      );
    }
    history.set(report.month, report);
    index.set(report.districtId, history);
  }
  return index;
}

function assessDistrict(indicator: Indicator, month: string, history: ReportsByMonth): Assessment {
  const months = indicator.monthsNeeded(month);
  const found = months.map((needed) => history.get(needed));
  const reports = found.filter((report) => report !== undefined);
  if (reports.length < months.length) {
    const missing = months.filter((_, index) => found[index] === undefined);
    return {
      ratio: null,
      value: null,
      missingReason: indicator.describeMissingMonths(month, missing),
    };
  }
  const ratio = indicator.ratioOf(reports);
  return { ratio, ...percentage(indicator, month, ratio, '') };
}

function countyValue(
  indicator: Indicator,
  month: string,
  districtRatios: readonly (Ratio | null)[],
): CountyValue {
  const ratios = districtRatios.filter((ratio) => ratio !== null);
  if (ratios.length === 0) {
    return {
      value: null,
      districtsCovered: 0,
      missingReason: indicator.describeNoDistrictCovered(month),
    };
  }
  const total: Ratio = {
    numerator: sum(ratios.map((ratio) => ratio.numerator)),
    denominator: sum(ratios.map((ratio) => ratio.denominator)),
  };
  const where = ` across the ${ratios.length} covered ${ratios.length === 1 ? 'district' : 'districts'}`;
  return { ...percentage(indicator, month, total, where), districtsCovered: ratios.length };
}

function percentage(
  indicator: Indicator,
  month: string,
  ratio: Ratio,
  where: string,
): { value: number | null; missingReason: string | null } {
  if (ratio.denominator === 0) {
    return { value: null, missingReason: indicator.describeZeroDenominator(month, where) };
  }
  return { value: roundToHundredths(indicator.percentOf(ratio)), missingReason: null };
}

/** Standard competition ranking (1, 2, 2, 4) among the districts that have a value. */
function ranker(
  values: readonly (number | null)[],
  betterWhen: Indicator['betterWhen'],
): (value: number | null) => number | null {
  const ranked = values.filter((value) => value !== null);
  const isBetter = (other: number, value: number): boolean =>
    betterWhen === 'lower' ? other < value : other > value;
  return (value) =>
    value === null ? null : 1 + ranked.filter((other) => isBetter(other, value)).length;
}

function roundToHundredths(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  // Math.round gives -0 for a tiny negative change; report it as no change.
  return rounded === 0 ? 0 : rounded;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function assertYearMonth(month: string): void {
  if (!isYearMonth(month)) {
    throw new Error(`month must be written YYYY-MM, got ${JSON.stringify(month)}`);
  }
}

function k2Window(month: string): string[] {
  return Array.from({ length: K2_WINDOW_MONTHS }, (_, index) =>
    addMonths(month, index - (K2_WINDOW_MONTHS - 1)),
  );
}

function describeK2Window(month: string): string {
  return `${addMonths(month, -(K2_WINDOW_MONTHS - 1))} to ${month}`;
}
