import type { DataSource } from 'typeorm';
import { checkBudgetLine, checkFiscalYear, type BudgetLine } from '../domain/budget';
import { cents } from '@jobcenter/kernel';

interface BudgetLineRow {
  fiscal_year: number;
  category: BudgetLine['category'];
  source: BudgetLine['source'];
  amount_cents: string;
}

const toLine = (row: BudgetLineRow): BudgetLine => ({
  fiscalYear: row.fiscal_year,
  category: row.category,
  source: row.source,
  amountCents: cents(row.amount_cents),
});

/** The Jobcenter's budget per fiscal year: amounts by category and funding source (docs/rules.md#rule-15). */
export class Budgets {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the amount of one category from one source; setting it again replaces it. */
  async setLine(line: BudgetLine, setBy: string): Promise<BudgetLine> {
    checkBudgetLine(line);
    const [row] = await this.dataSource.query(
      `INSERT INTO budget_line (fiscal_year, category, source, amount_cents, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (fiscal_year, category, source) DO UPDATE SET amount_cents = $4, set_by = $5, set_at = now()
       RETURNING *`,
      [line.fiscalYear, line.category, line.source, line.amountCents, setBy],
    );
    return toLine(row);
  }

  async linesOf(fiscalYear: number): Promise<BudgetLine[]> {
    checkFiscalYear(fiscalYear);
    const rows: BudgetLineRow[] = await this.dataSource.query(
      'SELECT * FROM budget_line WHERE fiscal_year = $1 ORDER BY category, source',
      [fiscalYear],
    );
    return rows.map(toLine);
  }
}
