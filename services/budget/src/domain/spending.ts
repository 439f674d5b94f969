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

/** An entry as recorded against a district's allocation of a year, before it has an id. */
export interface NewEntry extends SpendingInput {
  districtId: string;
  fiscalYear: number;
  reversalOf: string | null;
  recordedBy: string;
}

/** An entry already recorded, as its reversal or settlement needs it. */
export interface BookedEntry extends RecordedEntry, Omit<NewEntry, keyof RecordedEntry> {}

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

/** The entry a district's input becomes (texts trimmed). */
export function newEntry(
  districtId: string,
  fiscalYear: number,
  input: SpendingInput,
  recordedBy: string,
): NewEntry {
  return {
    districtId,
    fiscalYear,
    kind: input.kind,
    amountCents: input.amountCents,
    purpose: input.purpose.trim(),
    legalBasis: input.legalBasis.trim(),
    bookedOn: input.bookedOn,
    documentReference: input.documentReference.trim(),
    reversalOf: null,
    recordedBy,
  };
}

/**
 * Entries of one allocation recorded together, in order: each is checked against what the entries
 * before it left; one that does not fit is refused (its error in its place), the others stand.
 */
export function admitInOrder<T extends { amountCents: number }>(
  allocatedCents: number,
  spentCents: number,
  entries: readonly T[],
): (T | Error)[] {
  let spent = spentCents;
  return entries.map((entry) => {
    try {
      checkWithinAllocation(allocatedCents, spent, entry.amountCents);
      spent += entry.amountCents;
      return entry;
    } catch (error) {
      return error as Error;
    }
  });
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

/** A reversal says why it is made. */
export function checkReversalReason(reason: string): void {
  if (reason.trim().length < 3)
    throw new RuleViolation('Say why the entry is reversed (3 characters at least)', 'reason');
}

/**
 * A reversal of `original`: the same entry with the negative amount, booked on or after it, its
 * purpose the reason given.
 */
export function reversalEntry(
  original: BookedEntry,
  reason: string,
  bookedOn: string,
  recordedBy: string,
): NewEntry {
  checkSpendingInput(
    {
      kind: original.kind,
      amountCents: original.amountCents > 0 ? original.amountCents : 1,
      purpose: reason,
      legalBasis: original.legalBasis,
      bookedOn,
      documentReference: original.documentReference,
    },
    original.fiscalYear,
  );
  if (bookedOn < original.bookedOn) {
    throw new RuleViolation(
      `a reversal is booked on or after the entry it reverses (${original.bookedOn})`,
      'bookedOn',
    );
  }
  return {
    districtId: original.districtId,
    fiscalYear: original.fiscalYear,
    kind: original.kind,
    amountCents: -original.amountCents,
    purpose: `Storno: ${reason.trim()}`,
    legalBasis: original.legalBasis,
    bookedOn,
    documentReference: original.documentReference,
    reversalOf: original.id,
    recordedBy,
  };
}

/**
 * The settlement of a commitment (`input.commitmentId` as the request named it) by its
 * expenditure: the commitment's reversal and the
 * expenditure, booked on or after the commitment. The expenditure may differ from the commitment
 * (an invoice is rarely to the cent).
 */
export function settlementEntries(
  commitment: BookedEntry,
  input: { commitmentId: string; amountCents: number; bookedOn: string; documentReference: string },
  recordedBy: string,
): { reversal: NewEntry; expenditure: NewEntry } {
  if (commitment.kind !== 'COMMITMENT' || commitment.amountCents <= 0) {
    throw new RuleViolation(
      `entry ${input.commitmentId} is not a commitment; only commitments are settled`,
      'commitmentId',
    );
  }
  checkSpendingInput(
    {
      kind: 'EXPENDITURE',
      amountCents: input.amountCents,
      purpose: commitment.purpose,
      legalBasis: commitment.legalBasis,
      bookedOn: input.bookedOn,
      documentReference: input.documentReference,
    },
    commitment.fiscalYear,
  );
  if (input.bookedOn < commitment.bookedOn) {
    throw new RuleViolation(
      `a settlement is booked on or after its commitment (${commitment.bookedOn})`,
      'bookedOn',
    );
  }
  const booked = {
    districtId: commitment.districtId,
    fiscalYear: commitment.fiscalYear,
    legalBasis: commitment.legalBasis,
    bookedOn: input.bookedOn,
    documentReference: input.documentReference.trim(),
    recordedBy,
  };
  return {
    reversal: {
      ...booked,
      kind: 'COMMITMENT',
      amountCents: -commitment.amountCents,
      purpose: `Abrechnung: ${commitment.purpose}`,
      reversalOf: commitment.id,
    },
    expenditure: {
      ...booked,
      kind: 'EXPENDITURE',
      amountCents: input.amountCents,
      purpose: commitment.purpose,
      reversalOf: null,
    },
  };
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

/**
 * The district's spending after each of these amounts in turn, and the spending at which a further
 * threshold was reached (each threshold is published with the spending of the entry that reached it).
 */
export function spendingAfterEach(
  allocatedCents: number,
  spentCents: number,
  amounts: readonly number[],
): { after: number[]; reachedAt: number[] } {
  let spent = spentCents;
  const reachedAt: number[] = [];
  const after = amounts.map((amount) => {
    const before = thresholdsReached(allocatedCents, spent).length;
    spent += amount;
    if (thresholdsReached(allocatedCents, spent).length > before) reachedAt.push(spent);
    return spent;
  });
  return { after, reachedAt };
}
