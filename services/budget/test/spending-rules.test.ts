import {
  checkReversal,
  checkSpendingInput,
  checkWithinAllocation,
  thresholdsReached,
} from '../src/domain/spending';
import { buildReport, csvField, reportCsv, reportPeriod } from '../src/domain/report';
import { splitPools } from '../src/domain/budget';

const input = {
  kind: 'EXPENDITURE' as const,
  amountCents: 100,
  purpose: 'Eingliederungszuschuss',
  legalBasis: '§ 16 Abs. 1 SGB II',
  bookedOn: '2026-03-01',
  documentReference: 'B-1',
};

describe('proof of use (rule 17)', () => {
  it('needs a positive amount, purpose, legal basis, document and a date in the year', () => {
    expect(() => checkSpendingInput(input, 2026)).not.toThrow();
    expect(() => checkSpendingInput({ ...input, amountCents: 0 }, 2026)).toThrow(/positive/);
    expect(() => checkSpendingInput({ ...input, amountCents: -5 }, 2026)).toThrow(/reversal/);
    expect(() => checkSpendingInput({ ...input, purpose: ' ' }, 2026)).toThrow(/purpose/);
    expect(() => checkSpendingInput({ ...input, legalBasis: '' }, 2026)).toThrow(/legalBasis/);
    expect(() => checkSpendingInput({ ...input, documentReference: '' }, 2026)).toThrow(
      /documentReference/,
    );
    expect(() => checkSpendingInput({ ...input, bookedOn: '2025-12-31' }, 2026)).toThrow(
      /fiscal year 2026/,
    );
    expect(() => checkSpendingInput({ ...input, bookedOn: '1.3.2026' }, 2026)).toThrow(/date/);
  });

  it('never exceeds the allocation, to the cent', () => {
    expect(() => checkWithinAllocation(1000, 900, 100)).not.toThrow();
    expect(() => checkWithinAllocation(1000, 900, 101)).toThrow(/exceed the allocation/);
  });

  it('reverses an entry once, and never a reversal', () => {
    const entry = { id: 'e', kind: 'COMMITMENT' as const, amountCents: 5, reversalOf: null };
    expect(() => checkReversal(entry, false)).not.toThrow();
    expect(() => checkReversal(entry, true)).toThrow(/already been reversed/);
    expect(() => checkReversal({ ...entry, amountCents: -5, reversalOf: 'x' }, false)).toThrow(
      /reversal cannot be reversed/,
    );
  });

  it('reaches 90 % and 100 % exactly at those amounts', () => {
    expect(thresholdsReached(1000, 899)).toEqual([]);
    expect(thresholdsReached(1000, 900)).toEqual([90]);
    expect(thresholdsReached(1000, 999)).toEqual([90]);
    expect(thresholdsReached(1000, 1000)).toEqual([90, 100]);
    expect(thresholdsReached(0, 0)).toEqual([]);
  });
});

describe('pools and reports (rules 15 and 16)', () => {
  it('splits the integration funds into central and decentral pools that add up exactly', () => {
    expect(splitPools(5_970_000_001, 6000)).toEqual({
      decentralCents: 3_582_000_000,
      centralCents: 2_388_000_001,
    });
    expect(splitPools(999, 10_000)).toEqual({ decentralCents: 999, centralCents: 0 });
  });

  it('knows the quarters', () => {
    expect(reportPeriod(2024, 1)).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
    expect(reportPeriod(2024, 4)).toMatchObject({ from: '2024-10-01', to: '2024-12-31' });
    expect(reportPeriod(2024, null)).toMatchObject({ from: '2024-01-01', to: '2024-12-31' });
    expect(() => reportPeriod(2024, 5)).toThrow(/quarter/);
  });

  it('quotes CSV fields by RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(-12)).toBe('-12');
  });

  it('keeps text from running as a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+49 2361')).toBe("'+49 2361");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('- Ermittlungsdienst')).toBe("'- Ermittlungsdienst");
  });

  it('writes totals in the CSV that match the report', () => {
    const report = buildReport({
      period: reportPeriod(2026, 2),
      budgetLines: [
        { fiscalYear: 2026, category: 'INTEGRATION_FUNDS', source: 'BUND', amountCents: 1000 },
        { fiscalYear: 2026, category: 'PERSONNEL_COSTS', source: 'KREIS', amountCents: 500 },
      ],
      poolSplit: { decentralShareBasisPoints: 6000, criteria: 'Bedarf, "Sozialraum", Wirkung' },
      districts: [
        {
          districtId: 'marl',
          allocatedCents: 400,
          committedCents: 100,
          expendedCents: 50,
          spentToDateCents: 200,
        },
        {
          districtId: 'herten',
          allocatedCents: 200,
          committedCents: 0,
          expendedCents: 20,
          spentToDateCents: 20,
        },
      ],
    });
    expect(report.totals).toEqual({
      allocatedCents: 600,
      committedCents: 100,
      expendedCents: 70,
      spentToDateCents: 220,
      remainingCents: 380,
    });
    const csv = reportCsv(report);
    expect(csv).toContain('\r\nTOTAL,,,,,1500,600,100,70,220,380,\r\n');
    expect(csv).toContain(
      'POOL,INTEGRATION_FUNDS,,DECENTRAL,,600,,,,,,"Bedarf, ""Sozialraum"", Wirkung"\r\n',
    );
    expect(csv).toContain('DISTRICT,INTEGRATION_FUNDS,,DECENTRAL,herten,,200,0,20,20,180,\r\n');
  });
});
