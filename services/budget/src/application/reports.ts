import type { DataSource } from 'typeorm';
import { checkFiscalYear } from '../domain/budget';
import { buildReport, reportPeriod, type BudgetReport } from '../domain/report';
import type { Budgets } from './budgets';
import { cents } from '@jobcenter/kernel';
import { PoolSplits } from './pool-splits';

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
      const split = await PoolSplits.inForce(manager, fiscalYear);
      const rows: {
        district_id: string;
        allocated: string;
        committed: string;
        expended: string;
        spent_to_date: string;
      }[] = await manager.query(
        `SELECT d.district_id, d.amount_cents::text AS allocated,
           coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'COMMITMENT' AND e.booked_on >= $2), 0)::text AS committed,
           coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'EXPENDITURE' AND e.booked_on >= $2), 0)::text AS expended,
           coalesce(sum(e.amount_cents), 0)::text AS spent_to_date
         FROM district_allocation d JOIN allocation a ON a.id = d.allocation_id
         LEFT JOIN spending_entry e ON e.allocation_id = d.allocation_id AND e.district_id = d.district_id AND e.booked_on <= $3
         WHERE a.fiscal_year = $1
         GROUP BY d.district_id, d.amount_cents ORDER BY d.district_id`,
        [fiscalYear, period.from, period.to],
      );
      return buildReport({
        period,
        budgetLines,
        poolSplit: split,
        districts: rows.map((row) => ({
          districtId: row.district_id,
          allocatedCents: cents(row.allocated),
          committedCents: cents(row.committed),
          expendedCents: cents(row.expended),
          spentToDateCents: cents(row.spent_to_date),
        })),
      });
    });
  }
}
