import type { DataSource } from 'typeorm';
import { openDatabase } from '@jobcenter/db';
import { createLogger } from '@jobcenter/logger';
import { createTestDatabase } from '@jobcenter/testing';
import { migrations } from '../src/migrations';
import { CaseloadMonthAsDate1796236085507 } from '../src/migrations/1796236085507-caseload-month-as-date';

const logger = createLogger('budget-migration-test', 'silent');

const copiedMonths = async (dataSource: DataSource) =>
  dataSource.query(
    `SELECT district_id, month::text AS month, pg_typeof(month)::text AS type
       FROM caseload_copy ORDER BY district_id, month`,
  );

describe('CaseloadMonthAsDate', () => {
  it('turns the copied months into their first days, and back into YYYY-MM when reverted', async () => {
    expect(migrations.at(-1)).toBe(CaseloadMonthAsDate1796236085507);
    const url = await createTestDatabase('budget_month');
    const before = await openDatabase({
      url,
      entities: [],
      migrations: migrations.slice(0, -1),
      logger,
    });
    await before.query(
      `INSERT INTO caseload_copy (district_id, month, version, eligible_jobseekers,
         eligible_jobseekers_under_25, long_term_recipients, benefit_households)
       VALUES ('marl', '2025-10', 2, 9000, 900, 5000, 6000),
              ('marl', '2025-11', 1, 9100, 910, 5100, 6100),
              ('dorsten', '2025-10', 1, 4000, 400, 2000, 3000)`,
    );
    await before.destroy();

    const after = await openDatabase({ url, entities: [], migrations, logger });
    try {
      expect(await copiedMonths(after)).toEqual([
        { district_id: 'dorsten', month: '2025-10-01', type: 'date' },
        { district_id: 'marl', month: '2025-10-01', type: 'date' },
        { district_id: 'marl', month: '2025-11-01', type: 'date' },
      ]);

      await after.undoLastMigration({ transaction: 'each' });
      expect(await copiedMonths(after)).toEqual([
        { district_id: 'dorsten', month: '2025-10', type: 'text' },
        { district_id: 'marl', month: '2025-10', type: 'text' },
        { district_id: 'marl', month: '2025-11', type: 'text' },
      ]);
    } finally {
      await after.destroy();
    }
  });
});
