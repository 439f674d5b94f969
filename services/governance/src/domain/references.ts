/** The calendar year in Recklinghausen (numbers of submissions and resolutions run by it). */
export function yearInGermany(date: Date): number {
  return Number(
    new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(date),
  );
}

/** The `position`-th number of a yearly series, such as VL-2026-007. */
export function seriesNumber(prefix: string, year: number, position: number): string {
  return `${prefix}-${year}-${String(position).padStart(3, '0')}`;
}
