import type { DataSource } from 'typeorm';
import { checkBudgetLine, checkFiscalYear, type BudgetLine } from '../domain/budget';
import { BudgetLinesRepository } from '../repositories/budget-lines.repository';

/** The Jobcenter's budget per fiscal year: amounts by category and funding source (docs/rules.md#rule-15). */
export class Budgets {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the amount of one category from one source; setting it again replaces it. */
  setLine(line: BudgetLine, setBy: string): Promise<BudgetLine> {
    checkBudgetLine(line);
    return new BudgetLinesRepository(this.dataSource.manager).set(line, setBy);
  }

  linesOf(fiscalYear: number): Promise<BudgetLine[]> {
    checkFiscalYear(fiscalYear);
    return new BudgetLinesRepository(this.dataSource.manager).ofYear(fiscalYear);
  }
}
