import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The copied caseload keeps its month as the month's first day (a `date`), as governance and
 * personnel keep theirs; the primary key (district, month) stays, rebuilt on the new type.
 */
export class CaseloadMonthAsDate1796236085507 implements MigrationInterface {
  name = 'CaseloadMonthAsDate1796236085507';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE caseload_copy ALTER COLUMN month TYPE date USING (month || '-01')::date`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE caseload_copy ALTER COLUMN month TYPE text USING to_char(month, 'YYYY-MM')`,
    );
  }
}
