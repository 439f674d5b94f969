import type { DataSource } from 'typeorm';
import { checkFiscalYear } from '../domain/budget';
import { buildReport, reportPeriod, type BudgetReport } from '../domain/report';
import { PoolSplitsRepository } from '../repositories/pool-splits.repository';
import { SpendingEntriesRepository } from '../repositories/spending-entries.repository';
import type { Budgets } from './budgets';

/** The report to Bund and Land for a year or a quarter (docs/rules.md#rule-15), read in one transaction. */
export class Reports {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budgets: Budgets,
  ) {}

  async report(fiscalYear: number, quarter: number | null): Promise<BudgetReport> {
    checkFiscalYear(fiscalYear);
    const period = reportPeriod(fiscalYear, quarter);
    const budgetLines = await this.budgets.linesOf(fiscalYear);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const poolSplit = await new PoolSplitsRepository(manager).inForce(fiscalYear);
      const districts = await new SpendingEntriesRepository(manager).spendingInPeriod(period);
      return buildReport({ period, budgetLines, poolSplit, districts });
    });
  }
}
