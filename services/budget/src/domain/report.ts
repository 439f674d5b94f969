import { RuleViolation } from '@jobcenter/kernel';
import {
  BUDGET_CATEGORIES,
  FUNDING_SOURCES,
  integrationFundsOf,
  splitPools,
  type BudgetCategory,
  type BudgetLine,
  type FundingSource,
} from './budget';

export interface DistrictSpending {
  districtId: string;
  allocatedCents: number;
  /** Commitments and expenditures booked in the period (reversals included). */
  committedCents: number;
  expendedCents: number;
  /** Commitments and expenditures booked up to the period's end. */
  spentToDateCents: number;
}

export interface ReportPeriod {
  fiscalYear: number;
  /** 1 to 4; null for the whole year. */
  quarter: number | null;
  from: string;
  to: string;
}

export interface BudgetReport {
  period: ReportPeriod;
  budgetLines: BudgetLine[];
  byCategory: { category: BudgetCategory; amountCents: number }[];
  bySource: { source: FundingSource; amountCents: number }[];
  totalBudgetCents: number;
  pools: {
    decentralShareBasisPoints: number | null;
    criteria: string | null;
    centralCents: number;
    decentralCents: number;
  };
  districts: (DistrictSpending & { remainingCents: number })[];
  totals: {
    allocatedCents: number;
    committedCents: number;
    expendedCents: number;
    spentToDateCents: number;
    remainingCents: number;
  };
}

/** The period of a report: a quarter of the fiscal year, or the whole year. */
export function reportPeriod(fiscalYear: number, quarter: number | null): ReportPeriod {
  if (quarter !== null && (!Number.isInteger(quarter) || quarter < 1 || quarter > 4))
    throw new RuleViolation('The quarter is 1, 2, 3 or 4', 'quarter');
  const firstMonth = quarter === null ? 1 : (quarter - 1) * 3 + 1;
  const lastMonth = quarter === null ? 12 : quarter * 3;
  const lastDay = new Date(Date.UTC(fiscalYear, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    fiscalYear,
    quarter,
    from: `${fiscalYear}-${pad(firstMonth)}-01`,
    to: `${fiscalYear}-${pad(lastMonth)}-${pad(lastDay)}`,
  };
}

/**
 * The report to Bund and Land (docs/rules.md#rule-15): the budget by category and funding source, the
 * integration funds split into the central and decentral pool, and per district what was
 * allocated, committed and spent against it.
 */
export function buildReport(input: {
  period: ReportPeriod;
  budgetLines: BudgetLine[];
  poolSplit: { decentralShareBasisPoints: number; criteria: string } | null;
  districts: DistrictSpending[];
}): BudgetReport {
  const lines = [...input.budgetLines].sort(
    (a, b) =>
      BUDGET_CATEGORIES.indexOf(a.category) - BUDGET_CATEGORIES.indexOf(b.category) ||
      FUNDING_SOURCES.indexOf(a.source) - FUNDING_SOURCES.indexOf(b.source),
  );
  const total = (filter: (line: BudgetLine) => boolean) =>
    lines.filter(filter).reduce((acc, line) => acc + line.amountCents, 0);
  const integrationFunds = integrationFundsOf(lines);
  const split = input.poolSplit
    ? splitPools(integrationFunds, input.poolSplit.decentralShareBasisPoints)
    : { centralCents: integrationFunds, decentralCents: 0 };
  const districts = [...input.districts]
    .sort((a, b) => (a.districtId < b.districtId ? -1 : 1))
    .map((district) => ({
      ...district,
      remainingCents: district.allocatedCents - district.spentToDateCents,
    }));
  const add = (key: keyof (typeof districts)[number]) =>
    districts.reduce((acc, district) => acc + (district[key] as number), 0);
  return {
    period: input.period,
    budgetLines: lines,
    byCategory: BUDGET_CATEGORIES.map((category) => ({
      category,
      amountCents: total((line) => line.category === category),
    })),
    bySource: FUNDING_SOURCES.map((source) => ({
      source,
      amountCents: total((line) => line.source === source),
    })),
    totalBudgetCents: total(() => true),
    pools: {
      decentralShareBasisPoints: input.poolSplit?.decentralShareBasisPoints ?? null,
      criteria: input.poolSplit?.criteria ?? null,
      ...split,
    },
    districts,
    totals: {
      allocatedCents: add('allocatedCents'),
      committedCents: add('committedCents'),
      expendedCents: add('expendedCents'),
      spentToDateCents: add('spentToDateCents'),
      remainingCents: add('remainingCents'),
    },
  };
}

/** One CSV field by RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  // Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe;
  // numbers stay numbers.
  const text =
    typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'section',
  'category',
  'funding_source',
  'pool',
  'district',
  'budgeted_cents',
  'allocated_cents',
  'committed_cents',
  'expended_cents',
  'spent_to_date_cents',
  'remaining_cents',
  'note',
] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

/** The same report as CSV (RFC 4180, CRLF line ends, amounts in cents): one row per figure. */
export function reportCsv(report: BudgetReport): string {
  const rows: CsvRow[] = [
    {
      section: 'PERIOD',
      note: `${report.period.fiscalYear}${report.period.quarter ? ` Q${report.period.quarter}` : ''} ${report.period.from}..${report.period.to}`,
    },
    ...report.budgetLines.map((line) => ({
      section: 'BUDGET',
      category: line.category,
      funding_source: line.source,
      budgeted_cents: line.amountCents,
    })),
    ...report.byCategory.map((entry) => ({
      section: 'CATEGORY_TOTAL',
      category: entry.category,
      budgeted_cents: entry.amountCents,
    })),
    ...report.bySource.map((entry) => ({
      section: 'SOURCE_TOTAL',
      funding_source: entry.source,
      budgeted_cents: entry.amountCents,
    })),
    {
      section: 'POOL',
      category: 'INTEGRATION_FUNDS',
      pool: 'CENTRAL',
      budgeted_cents: report.pools.centralCents,
    },
    {
      section: 'POOL',
      category: 'INTEGRATION_FUNDS',
      pool: 'DECENTRAL',
      budgeted_cents: report.pools.decentralCents,
      note: report.pools.criteria,
    },
    ...report.districts.map((district) => ({
      section: 'DISTRICT',
      category: 'INTEGRATION_FUNDS',
      pool: 'DECENTRAL',
      district: district.districtId,
      allocated_cents: district.allocatedCents,
      committed_cents: district.committedCents,
      expended_cents: district.expendedCents,
      spent_to_date_cents: district.spentToDateCents,
      remaining_cents: district.remainingCents,
    })),
    {
      section: 'TOTAL',
      budgeted_cents: report.totalBudgetCents,
      allocated_cents: report.totals.allocatedCents,
      committed_cents: report.totals.committedCents,
      expended_cents: report.totals.expendedCents,
      spent_to_date_cents: report.totals.spentToDateCents,
      remaining_cents: report.totals.remainingCents,
    },
  ];
  return [
    CSV_COLUMNS.join(','),
    ...rows.map((row) => CSV_COLUMNS.map((column) => csvField(row[column] ?? null)).join(',')),
  ]
    .map((line) => `${line}\r\n`)
    .join('');
}
