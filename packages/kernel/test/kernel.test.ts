import {
  cents,
  CITY_IDS,
  CITY_NAMES,
  Conflict,
  DEPARTMENT_ID,
  DomainError,
  Forbidden,
  Misdirected,
  NotFound,
  parseCalendarDate,
  RuleViolation,
} from '@jobcenter/kernel';

describe('the domain errors', () => {
  it('carry the codes of docs/errors.md and the field that is wrong', () => {
    const errors = [
      [new RuleViolation('a rule refuses it', 'input.month'), 'BAD_USER_INPUT', 'RuleViolation'],
      [new Forbidden('not yours', 'districtId'), 'FORBIDDEN', 'Forbidden'],
      [new NotFound('no such meeting', 'meetingId'), 'NOT_FOUND', 'NotFound'],
      [new Conflict('reported twice', 'month'), 'CONFLICT', 'Conflict'],
      [new Misdirected('owned by another instance', 'districtId'), 'MISDIRECTED', 'Misdirected'],
    ] as const;
    for (const [error, code, name] of errors) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error.field).toBeDefined();
    }
    expect(new RuleViolation('no field').field).toBeUndefined();
  });
});

describe('parseCalendarDate', () => {
  it('accepts a date that exists and refuses one that does not, naming the field', () => {
    expect(parseCalendarDate('2024-02-29', 'bookedOn')).toBe('2024-02-29');
    for (const value of ['2024-02-30', '2025-02-29', '2024-13-01', '2024-2-1', '1.2.2024']) {
      expect(() => parseCalendarDate(value, 'bookedOn')).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'bookedOn' }),
      );
    }
  });
});

describe('cents', () => {
  it('reads bigint columns (text) and numbers as exact cents', () => {
    expect(cents('123456789012')).toBe(123_456_789_012);
    expect(cents(-250)).toBe(-250);
    expect(cents(12n)).toBe(12);
  });

  it('refuses what is not a whole number of cents within safe integers', () => {
    expect(() => cents('9007199254740993')).toThrow(RangeError);
    expect(() => cents(1.5)).toThrow('1.5 cents is out of range');
    expect(() => cents('12 EUR')).toThrow(RangeError);
  });
});

describe('the units', () => {
  it('are the ten cities, each with its name, and the Fachbereich', () => {
    expect(CITY_IDS).toHaveLength(10);
    expect(Object.keys(CITY_NAMES).sort()).toEqual([...CITY_IDS].sort());
    expect(CITY_NAMES['haltern-am-see']).toBe('Haltern am See');
    expect(CITY_IDS).not.toContain(DEPARTMENT_ID);
  });
});
