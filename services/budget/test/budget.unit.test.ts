import { integrationFundsOf, type BudgetLine } from '../src/domain/budget';

describe('integration funds (rule 16)', () => {
  it('are the sum of the INTEGRATION_FUNDS lines, from every source', () => {
    const line = (
      category: BudgetLine['category'],
      source: BudgetLine['source'],
      amountCents: number,
    ) => ({ fiscalYear: 2026, category, source, amountCents }) satisfies BudgetLine;
    expect(
      integrationFundsOf([
        line('INTEGRATION_FUNDS', 'BUND', 5_000_000_000),
        line('ADMINISTRATIVE_COSTS', 'BUND', 7),
        line('INTEGRATION_FUNDS', 'KREIS', 970_000_001),
        line('PERSONNEL_COSTS', 'LAND', 11),
      ]),
    ).toBe(5_970_000_001);
    expect(integrationFundsOf([line('PERSONNEL_COSTS', 'LAND', 11)])).toBe(0);
  });
});
