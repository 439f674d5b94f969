/** Texts of figures as the users read them (German), and months of the calendar. */

const thousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** 123456789 cents → "1.234.567,89 €", with integer arithmetic only. */
export function euro(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100);
  const rest = abs % 100;
  return `${sign}${thousands(String(euros))},${String(rest).padStart(2, '0')} €`;
}

/** Whole euros for charts and summaries: 123456789 cents → "1.234.568 €". */
export function euroRounded(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  return `${sign}${thousands(String(Math.round(Math.abs(cents) / 100)))} €`;
}

export const count = (value: number): string => thousands(String(value));

/** Full-time equivalents with up to one decimal: 12.345 → "12,3". */
export const fte = (value: number): string =>
  value.toLocaleString('de-DE', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const percent = (value: number | null | undefined): string =>
  value === null || value === undefined
    ? '–'
    : `${value.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`;

export type EuroParse = { cents: number } | { error: string };

/**
 * Reads an amount in euros as typed in Germany ("3.160.000,50", "3160000.5" is refused: the comma
 * is the decimal mark) into exact cents, without floating point.
 */
export function parseEuro(text: string): EuroParse {
  const value = text.trim().replace(/\s|€/g, '');
  const match = /^(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{1,2}))?$/.exec(value);
  if (!match) return { error: 'Betrag in Euro, z. B. 3.160.000,00' };
  const euros = Number(match[1]!.replaceAll('.', ''));
  const cents = Number((match[2] ?? '0').padEnd(2, '0'));
  const total = euros * 100 + cents;
  if (!Number.isSafeInteger(total)) return { error: 'Der Betrag ist zu groß' };
  return { cents: total };
}

/** Cents as the euro text the form shows: 316000000 → "3.160.000,00". */
export const euroInput = (cents: number): string => euro(cents).replace(' €', '');

const MONTHS = [
  'Jan.',
  'Feb.',
  'März',
  'Apr.',
  'Mai',
  'Juni',
  'Juli',
  'Aug.',
  'Sep.',
  'Okt.',
  'Nov.',
  'Dez.',
];

/** "2026-10" → "Okt. 2026". */
export function monthLabel(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[index - 1]} ${year}`;
}

/** "2026-10" → "Okt. 26", for chart axes. */
export function shortMonthLabel(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[index - 1]} ${String(year).slice(2)}`;
}

/**
 * A date as the users read it: a calendar date (`2026-11-03`) as it is, whatever the browser's
 * time zone; a moment in the county's time zone.
 */
export const dateLabel = (iso: string): string =>
  new Date(iso).toLocaleDateString('de-DE', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : 'Europe/Berlin',
  });

export function addMonths(month: string, delta: number): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  const total = year * 12 + (index - 1) + delta;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The month of a moment as the services count it: in UTC (their "today" is UTC's). */
export const monthOf = (date: Date): string =>
  `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/** The months from `from` to `to`, both included, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}
