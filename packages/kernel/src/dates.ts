import { RuleViolation } from './errors';

/**
 * A calendar date `YYYY-MM-DD` that exists (2024-02-30 does not, which `Date.parse` accepts);
 * returns it unchanged or throws a RuleViolation naming the field.
 */
export function parseCalendarDate(value: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new RuleViolation(`${value} is not a calendar date (YYYY-MM-DD)`, field);
  }
  return value;
}
