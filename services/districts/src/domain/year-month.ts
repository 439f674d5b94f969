import { RuleViolation } from '@jobcenter/subgraph-server';

/** A calendar month, `YYYY-MM`. Stored as the first day of the month (a `date`). */
export type YearMonth = string;

const pattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseYearMonth(value: unknown, field = 'month'): YearMonth {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new RuleViolation(
      `${field} must be a month written YYYY-MM, got ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}

export function yearMonthOf(date: Date): YearMonth {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function addMonths(month: YearMonth, count: number): YearMonth {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return yearMonthOf(new Date(Date.UTC(year, mon - 1 + count, 1)));
}

/** The first day of the month, as PostgreSQL `date` text. */
export const firstDayOf = (month: YearMonth): string => `${month}-01`;

/** Months from `from` to `to` inclusive; empty when `to` is before `from`. */
export function monthsBetween(from: YearMonth, to: YearMonth): YearMonth[] {
  const months: YearMonth[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}
