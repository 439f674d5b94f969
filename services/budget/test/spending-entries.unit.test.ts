import {
  admitInOrder,
  checkReversalReason,
  newEntry,
  reversalEntry,
  settlementEntries,
  spendingAfterEach,
  type BookedEntry,
} from '../src/domain/spending';

const commitment: BookedEntry = {
  id: '7d0c3f7e-2b1a-4c5d-9e8f-0a1b2c3d4e5f',
  districtId: 'marl',
  fiscalYear: 2026,
  kind: 'COMMITMENT',
  amountCents: 5000,
  purpose: 'Eingliederungszuschuss',
  legalBasis: '§ 16 Abs. 1 SGB II',
  bookedOn: '2026-03-01',
  documentReference: 'B-1',
  reversalOf: null,
  recordedBy: 'staff-marl',
};

describe('entries against an allocation (rule 17)', () => {
  it('records an input with its texts trimmed', () => {
    const entry = newEntry(
      'marl',
      2026,
      {
        kind: 'EXPENDITURE',
        amountCents: 100,
        purpose: '  Zuschuss ',
        legalBasis: ' § 16 SGB II',
        bookedOn: '2026-03-01',
        documentReference: 'B-2 ',
      },
      'staff',
    );
    expect(entry).toEqual({
      districtId: 'marl',
      fiscalYear: 2026,
      kind: 'EXPENDITURE',
      amountCents: 100,
      purpose: 'Zuschuss',
      legalBasis: '§ 16 SGB II',
      bookedOn: '2026-03-01',
      documentReference: 'B-2',
      reversalOf: null,
      recordedBy: 'staff',
    });
  });

  it('admits entries recorded together in order, each against what the ones before it left', () => {
    const outcomes = admitInOrder(1000, 700, [
      { amountCents: 200 },
      { amountCents: 200 },
      { amountCents: 100 },
    ]);
    expect(outcomes[0]).toEqual({ amountCents: 200 });
    expect(outcomes[1]).toBeInstanceOf(Error);
    expect((outcomes[1] as Error).message).toBe(
      'This would exceed the allocation: 1000 cents allocated, 900 spent, 100 left, 200 asked',
    );
    expect(outcomes[2]).toEqual({ amountCents: 100 });
  });

  it('reports the spending after each entry and where a threshold was reached', () => {
    expect(spendingAfterEach(1000, 800, [50, 60, 100, -20])).toEqual({
      after: [850, 910, 1010, 990],
      reachedAt: [910, 1010],
    });
    expect(spendingAfterEach(0, 0, [0])).toEqual({ after: [0], reachedAt: [] });
  });
});

describe('reversals and settlements (rule 17)', () => {
  it('wants a reason of 3 characters at least', () => {
    expect(() => checkReversalReason('ok!')).not.toThrow();
    expect(() => checkReversalReason('  no ')).toThrow(
      'Say why the entry is reversed (3 characters at least)',
    );
  });

  it('reverses by the negative amount, booked on or after the entry', () => {
    expect(reversalEntry(commitment, ' Doppelt gebucht ', '2026-03-02', 'staff-2')).toEqual({
      districtId: 'marl',
      fiscalYear: 2026,
      kind: 'COMMITMENT',
      amountCents: -5000,
      purpose: 'Storno: Doppelt gebucht',
      legalBasis: '§ 16 Abs. 1 SGB II',
      bookedOn: '2026-03-02',
      documentReference: 'B-1',
      reversalOf: commitment.id,
      recordedBy: 'staff-2',
    });
    expect(() => reversalEntry(commitment, 'Doppelt', '2026-02-28', 'staff')).toThrow(
      'a reversal is booked on or after the entry it reverses (2026-03-01)',
    );
    expect(() => reversalEntry(commitment, 'Doppelt', '2027-01-01', 'staff')).toThrow(
      /fiscal year 2026/,
    );
  });

  it('settles a commitment by its reversal and the expenditure of the invoiced amount', () => {
    const input = {
      commitmentId: commitment.id,
      amountCents: 4875,
      bookedOn: '2026-04-01',
      documentReference: ' R-77 ',
    };
    const { reversal, expenditure } = settlementEntries(commitment, input, 'staff-2');
    expect(reversal).toMatchObject({
      kind: 'COMMITMENT',
      amountCents: -5000,
      purpose: 'Abrechnung: Eingliederungszuschuss',
      reversalOf: commitment.id,
      bookedOn: '2026-04-01',
      documentReference: 'R-77',
    });
    expect(expenditure).toMatchObject({
      kind: 'EXPENDITURE',
      amountCents: 4875,
      purpose: 'Eingliederungszuschuss',
      reversalOf: null,
      documentReference: 'R-77',
      recordedBy: 'staff-2',
    });
  });

  it('settles only a commitment, not before its date, naming the entry as asked', () => {
    const input = {
      commitmentId: commitment.id.toUpperCase(),
      amountCents: 100,
      bookedOn: '2026-04-01',
      documentReference: 'R-1',
    };
    expect(() => settlementEntries({ ...commitment, kind: 'EXPENDITURE' }, input, 'staff')).toThrow(
      `entry ${commitment.id.toUpperCase()} is not a commitment; only commitments are settled`,
    );
    expect(() =>
      settlementEntries({ ...commitment, amountCents: -5000, reversalOf: 'x' }, input, 'staff'),
    ).toThrow(/not a commitment/);
    expect(() =>
      settlementEntries(commitment, { ...input, bookedOn: '2026-02-01' }, 'staff'),
    ).toThrow('a settlement is booked on or after its commitment (2026-03-01)');
    expect(() => settlementEntries(commitment, { ...input, amountCents: 0 }, 'staff')).toThrow(
      /positive/,
    );
  });
});
