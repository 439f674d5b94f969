import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, dateLabel, euro, monthOf, monthsBetween, parseEuro } from '../src/format';
import { period } from '../src/pages/period';

describe('amounts and months', () => {
  it('writes cents as euros with integer arithmetic', () => {
    expect(euro(316_000_055)).toBe('3.160.000,55 €');
    expect(euro(5)).toBe('0,05 €');
    expect(euro(-123_456)).toBe('−1.234,56 €');
    expect(euro(9_007_199_254_740_991)).toBe('90.071.992.547.409,91 €');
  });

  it('reads euros as typed in Germany into exact cents, and refuses what is not', () => {
    expect(parseEuro('3.160.000,55')).toEqual({ cents: 316_000_055 });
    expect(parseEuro('3160000,5 €')).toEqual({ cents: 316_000_050 });
    expect(parseEuro('0,1')).toEqual({ cents: 10 });
    for (const text of ['', '3160000.5', '1,234', '-5', '12.34,00', 'abc'])
      expect(parseEuro(text)).toHaveProperty('error');
  });

  it('counts months across a year', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 13)).toBe('2027-01');
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});

describe('months and dates as the services count them', () => {
  // A browser in the county (Node applies a changed TZ at once).
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Europe/Berlin';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('takes the month in UTC, so a browser east of Greenwich asks for the same month as the services', () => {
    // 00:30 on 1 December in Berlin is still 30 November in UTC.
    const berlinNewMonth = new Date('2026-11-30T23:30:00Z');
    expect(monthOf(berlinNewMonth)).toBe('2026-11');
    expect(period(berlinNewMonth)).toMatchObject({ currentMonth: '2026-11', lastMonth: '2026-10' });
    expect(period(new Date('2026-12-31T23:30:00Z')).fiscalYear).toBe(2026);
  });

  it('shows a calendar date as written, whatever the time zone', () => {
    expect(dateLabel('2026-11-03')).toBe('03.11.2026');
    expect(dateLabel('2026-11-03T23:30:00Z')).toBe('04.11.2026');
  });
});
