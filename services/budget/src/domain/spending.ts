import { Conflict, parseCalendarDate, RuleViolation } from '@jobcenter/kernel';

export type EntryKind = 'COMMITMENT' | 'EXPENDITURE';

/** What a Bezirksstelle records against its allocation (Verwendungsnachweis, docs/rules.md#rule-17). */
export interface SpendingInput {
  kind: EntryKind;
  amountCents: number;
  purpose: string;
  legalBasis: string;
  bookedOn: string;
  documentReference: string;
}

export interface RecordedEntry {
  id: string;
  kind: EntryKind;
  amountCents: number;
  reversalOf: string | null;
}

/** The proof of use names what, by which law, when and by which document; the amount is positive. */
export function checkSpendingInput(input: SpendingInput, fiscalYear: number): void {
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0)
    throw new RuleViolation(
      'The amount must be a positive whole number of cents; a correction is a reversal',
      'input.amountCents',
    );
  for (const field of ['purpose', 'legalBasis', 'documentReference'] as const) {
    const value = input[field].trim();
    if (value.length < 3 || value.length > 500)
      throw new RuleViolation(`${field} must have 3 to 500 characters`, `input.${field}`);
  }
  parseCalendarDate(input.bookedOn, 'input.bookedOn');
  if (Number(input.bookedOn.slice(0, 4)) !== fiscalYear)
    throw new RuleViolation(
      `bookedOn must fall in the fiscal year ${fiscalYear}`,
      'input.bookedOn',
    );
}

/** Spending may never exceed the allocation (commitments and expenditures together). */
export function checkWithinAllocation(
  allocatedCents: number,
  spentCents: number,
  amountCents: number,
): void {
  if (spentCents + amountCents > allocatedCents)
    throw new RuleViolation(
      `This would exceed the allocation: ${allocatedCents} cents allocated, ${spentCents} spent, ${allocatedCents - spentCents} left, ${amountCents} asked`,
      'input.amountCents',
    );
}

/**
 * Entries are never edited or deleted: a mistake is undone by a reversal, a new entry with the
 * negative amount. An entry is reversed at most once, and a reversal is never reversed itself
 * (book the entry anew instead).
 */
export function checkReversal(original: RecordedEntry, alreadyReversed: boolean): void {
  if (original.reversalOf !== null)
    throw new RuleViolation(
      'A reversal cannot be reversed; record the entry again instead',
      'entryId',
    );
  if (alreadyReversed) throw new Conflict('This entry has already been reversed', 'entryId');
}

/** The thresholds reported once per allocation: 90 % and 100 % of it spent. */
export const THRESHOLDS = [90, 100] as const;
export type Threshold = (typeof THRESHOLDS)[number];

/** The thresholds that spending of `spentCents` reaches (an empty allocation reaches none). */
export function thresholdsReached(allocatedCents: number, spentCents: number): Threshold[] {
  if (allocatedCents <= 0) return [];
  return THRESHOLDS.filter(
    (threshold) => BigInt(spentCents) * 100n >= BigInt(allocatedCents) * BigInt(threshold),
  );
}
