import { RuleViolation } from '@jobcenter/kernel';

/**
 * Full-time equivalents are kept as whole thousandths (milli-FTE) so that sums are exact:
 * 0.5 FTE is 500, a full-time post 1000.
 */
export type MilliFte = number;

export function parseFte(value: number, field: string, max = 1): MilliFte {
  const milli = Math.round(value * 1000);
  if (!Number.isFinite(value) || Math.abs(milli - value * 1000) > 1e-6) {
    throw new RuleViolation(`FTE ${value} has more than three decimals`, field);
  }
  if (milli <= 0 || milli > max * 1000) {
    throw new RuleViolation(
      `FTE must be greater than 0 and at most ${max} (a full-time post is 1), got ${value}`,
      field,
    );
  }
  return milli;
}

export const toFte = (milli: MilliFte): number => milli / 1000;
