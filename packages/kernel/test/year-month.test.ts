import {
  addMonths,
  firstDayOf,
  isYearMonth,
  monthsBetween,
  parseYearMonth,
  RuleViolation,
  YEAR_MONTH_PATTERN,
  yearMonthOf,
} from '@jobcenter/kernel';

describe('YearMonth', () => {
  it.each(['2026-01', '2026-10', '2026-12', '0001-01', '9999-12'])('accepts %s', (month) => {
    expect(isYearMonth(month)).toBe(true);
    expect(parseYearMonth(month)).toBe(month);
  });

  it.each(['2026-00', '2026-13', '2026-1', '26-01', '2026-10-01', ' 2026-10', '2026/10', ''])(
    'refuses %j',
    (month) => {
      expect(isYearMonth(month)).toBe(false);
      expect(YEAR_MONTH_PATTERN.test(month)).toBe(false);
    },
  );

  it('refuses what is not a string, naming the field', () => {
    for (const value of [202610, null, undefined, { month: '2026-10' }]) {
      expect(isYearMonth(value)).toBe(false);
      expect(() => parseYearMonth(value, 'input.month')).toThrow(RuleViolation);
    }
    const error = (() => {
      try {
        parseYearMonth('2026-13', 'input.month');
      } catch (caught) {
        return caught as RuleViolation;
      }
    })();
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.month',
      message: 'input.month must be a month written YYYY-MM, got "2026-13"',
    });
  });

  it('counts months across years in both directions', () => {
    expect(addMonths('2026-10', 0)).toBe('2026-10');
    expect(addMonths('2026-10', 3)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -27)).toBe('2023-12');
    expect(addMonths('2026-03', 120)).toBe('2036-03');
    expect(addMonths('0001-01', -1)).toBe('0000-12');
  });

  it('lists the months of a range inclusive, none when reversed', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(monthsBetween('2026-02', '2026-02')).toEqual(['2026-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  it('formats the month of a moment in UTC and its first day for a date column', () => {
    expect(yearMonthOf(new Date('2026-10-31T23:59:59Z'))).toBe('2026-10');
    expect(yearMonthOf(new Date('2026-11-01T00:00:00Z'))).toBe('2026-11');
    expect(firstDayOf('2026-10')).toBe('2026-10-01');
  });
});
