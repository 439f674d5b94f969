import { RuleViolation } from '@jobcenter/kernel';

/** Haushaltsarten: Eingliederungsmittel, Verwaltungskosten, Personalkosten. */
export const BUDGET_CATEGORIES = [
  'INTEGRATION_FUNDS',
  'ADMINISTRATIVE_COSTS',
  'PERSONNEL_COSTS',
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** Finanzierungsträger: Bund, Land, Kreis. */
export const FUNDING_SOURCES = ['BUND', 'LAND', 'KREIS'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export interface BudgetLine {
  fiscalYear: number;
  category: BudgetCategory;
  source: FundingSource;
  amountCents: number;
}

/** The integration funds (Eingliederungsmittel) of a budget: the sum of its INTEGRATION_FUNDS lines. */
export function integrationFundsOf(lines: readonly BudgetLine[]): number {
  return lines
    .filter((line) => line.category === 'INTEGRATION_FUNDS')
    .reduce((acc, line) => acc + line.amountCents, 0);
}

export function checkFiscalYear(fiscalYear: number, field = 'fiscalYear'): void {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2000 || fiscalYear > 2100)
    throw new RuleViolation('The fiscal year must be between 2000 and 2100', field);
}

export function checkBudgetLine(line: BudgetLine): void {
  checkFiscalYear(line.fiscalYear, 'input.fiscalYear');
  if (!Number.isSafeInteger(line.amountCents) || line.amountCents < 0)
    throw new RuleViolation(
      'A budget amount is a whole, non-negative number of cents',
      'input.amountCents',
    );
}

/**
 * The decentral pool (managed by the Bezirksstellen, docs/rules.md#rule-16) is the integration funds
 * times the decentral share in force, rounded down to the cent; the central pool is the rest, so
 * the two add up to the integration funds exactly.
 */
export function splitPools(
  integrationFundsCents: number,
  decentralShareBasisPoints: number,
): { centralCents: number; decentralCents: number } {
  const decentral = (BigInt(integrationFundsCents) * BigInt(decentralShareBasisPoints)) / 10_000n;
  return {
    decentralCents: Number(decentral),
    centralCents: integrationFundsCents - Number(decentral),
  };
}
