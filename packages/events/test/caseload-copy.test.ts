import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { openDatabase } from '@jobcenter/db';
import { copyCaseload } from '@jobcenter/events';
import { createLogger } from '@jobcenter/logger';
import { aCaseloadReport, createTestDatabase } from '@jobcenter/testing';

/** The two shapes of the copy the services keep: budget's (month as text) and governance's. */
class CaseloadCopies1764900000003 implements MigrationInterface {
  name = 'CaseloadCopies1764900000003';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE SCHEMA as_text');
    await runner.query(`CREATE TABLE as_text.caseload_copy (
      district_id text NOT NULL, month text NOT NULL, version integer NOT NULL,
      eligible_jobseekers integer NOT NULL, benefit_households integer NOT NULL,
      PRIMARY KEY (district_id, month))`);
    await runner.query('CREATE SCHEMA as_date');
    await runner.query(`CREATE TABLE as_date.caseload_copy (
      district_id text NOT NULL, month date NOT NULL, version integer NOT NULL,
      integrations integer NOT NULL, subsistence_benefits_cents bigint NOT NULL,
      PRIMARY KEY (district_id, month))`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP SCHEMA as_text CASCADE');
    await runner.query('DROP SCHEMA as_date CASCADE');
  }
}

describe('copyCaseload', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDatabase({
      url: await createTestDatabase('caseload_copy'),
      entities: [],
      migrations: [CaseloadCopies1764900000003],
      logger: createLogger('caseload-copy-test', 'silent'),
    });
  });
  afterAll(() => dataSource.destroy());

  /** Copies a report into the table of one schema, in a transaction of its own. */
  const copyInto = (schema: 'as_text' | 'as_date', report: ReturnType<typeof aCaseloadReport>) =>
    dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL search_path TO ${schema}`);
      return schema === 'as_text'
        ? copyCaseload(manager, report, {
            figures: ['eligibleJobseekers', 'benefitHouseholds'],
            month: 'text',
          })
        : copyCaseload(manager, report, {
            figures: ['integrations', 'subsistenceBenefitsCents'],
            month: 'date',
          });
    });

  it('keeps the highest version of a month as text: a correction wins, an older version changes nothing', async () => {
    expect(await copyInto('as_text', aCaseloadReport('marl', '2026-03'))).toBe(true);
    const correction = aCaseloadReport('marl', '2026-03', {
      version: 2,
      eligibleJobseekers: 3100,
      benefitHouseholds: 2200,
    });
    expect(await copyInto('as_text', correction)).toBe(true);
    // Version 1 again (redelivered, or overtaken by its correction): refused.
    expect(await copyInto('as_text', aCaseloadReport('marl', '2026-03'))).toBe(false);
    expect(await copyInto('as_text', correction)).toBe(false);

    expect(
      await dataSource.query(
        `SELECT district_id, month, version, eligible_jobseekers, benefit_households FROM as_text.caseload_copy`,
      ),
    ).toEqual([
      {
        district_id: 'marl',
        month: '2026-03',
        version: 2,
        eligible_jobseekers: 3100,
        benefit_households: 2200,
      },
    ]);
  });

  it('stores the month as its first day in a date column, one row per district and month', async () => {
    await copyInto('as_date', aCaseloadReport('herten', '2026-03', { integrations: 41 }));
    await copyInto('as_date', aCaseloadReport('herten', '2026-04', { integrations: 42 }));
    await copyInto('as_date', aCaseloadReport('datteln', '2026-03', { integrations: 43 }));
    await copyInto(
      'as_date',
      aCaseloadReport('herten', '2026-03', { version: 3, subsistenceBenefitsCents: 123_456_789 }),
    );

    expect(
      await dataSource.query(
        `SELECT district_id, to_char(month, 'YYYY-MM-DD') AS month, version, integrations,
                subsistence_benefits_cents::text AS cents
           FROM as_date.caseload_copy ORDER BY district_id, month`,
      ),
    ).toEqual([
      {
        district_id: 'datteln',
        month: '2026-03-01',
        version: 1,
        integrations: 43,
        cents: '100000000',
      },
      {
        district_id: 'herten',
        month: '2026-03-01',
        version: 3,
        integrations: 40,
        cents: '123456789',
      },
      {
        district_id: 'herten',
        month: '2026-04-01',
        version: 1,
        integrations: 42,
        cents: '100000000',
      },
    ]);
  });
});
