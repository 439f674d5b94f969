import { RuleViolation } from './errors';

/** A calendar month, written `YYYY-MM` (2026-10); compared as text, which orders months. */
export type YearMonth = string;

/** `YYYY-MM` with a month from 01 to 12: the one pattern of the schema, the events and the domain. */
export const YEAR_MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isYearMonth(value: unknown): value is YearMonth {
  return typeof value === 'string' && YEAR_MONTH_PATTERN.test(value);
}

/** The month, or a RuleViolation naming the field. */
export function parseYearMonth(value: unknown, field = 'month'): YearMonth {
  if (!isYearMonth(value)) {
    throw new RuleViolation(
      `${field} must be a month written YYYY-MM, got ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}

/** The month of a moment, in UTC. */
export function yearMonthOf(date: Date): YearMonth {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month `count` months after (before, when negative) `month`. */
export function addMonths(month: YearMonth, count: number): YearMonth {
  const [year, monthOfYear] = month.split('-').map(Number) as [number, number];
  const monthIndex = year * 12 + (monthOfYear - 1) + count;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  return `${String(newYear).padStart(4, '0')}-${String(newMonth).padStart(2, '0')}`;
}

/** Months from `from` to `to` inclusive; empty when `to` is before `from`. */
export function monthsBetween(from: YearMonth, to: YearMonth): YearMonth[] {
  const months: YearMonth[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The first day of the month, as PostgreSQL `date` text (months are stored so in `date` columns). */
export const firstDayOf = (month: YearMonth): string => `${month}-01`;
