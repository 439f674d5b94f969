import type { EntityManager } from 'typeorm';
import type { BudgetLine } from '../domain/budget';
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

/** The budget lines (table `budget_line`): one amount per fiscal year, category and funding source. */
export class BudgetLinesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Sets the amount of one category from one source; setting it again replaces it. */
  async set(line: BudgetLine, setBy: string): Promise<BudgetLine> {
    const [row] = await this.manager.query(
      `INSERT INTO budget_line (fiscal_year, category, source, amount_cents, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (fiscal_year, category, source) DO UPDATE SET amount_cents = $4, set_by = $5, set_at = now()
       RETURNING *`,
      [line.fiscalYear, line.category, line.source, line.amountCents, setBy],
    );
    return toLine(row);
  }

  /** The lines of a year, by category and source. */
  async ofYear(fiscalYear: number): Promise<BudgetLine[]> {
    const rows: BudgetLineRow[] = await this.manager.query(
      'SELECT * FROM budget_line WHERE fiscal_year = $1 ORDER BY category, source',
      [fiscalYear],
    );
    return rows.map(toLine);
  }
}
