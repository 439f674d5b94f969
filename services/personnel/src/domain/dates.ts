import { RuleViolation } from '@jobcenter/subgraph-server';

/** A calendar date `YYYY-MM-DD` that exists (2024-02-30 does not); returns it unchanged. */
export function parseDate(value: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!)) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new RuleViolation(`${value} is not a calendar date (YYYY-MM-DD)`, field);
  }
  return value;
}
