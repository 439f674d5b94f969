import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { openDatabase } from '@jobcenter/db';
import { copyCaseload } from '@jobcenter/events';
import { createLogger } from '@jobcenter/logger';
import { aCaseloadReport, createTestDatabase } from '@jobcenter/testing';

/** Two copies keeping different figures (as budget's and governance's do), the month as a date. */
class CaseloadCopies1764900000003 implements MigrationInterface {
  name = 'CaseloadCopies1764900000003';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE SCHEMA households');
    await runner.query(`CREATE TABLE households.caseload_copy (
      district_id text NOT NULL, month date NOT NULL, version integer NOT NULL,
      eligible_jobseekers integer NOT NULL, benefit_households integer NOT NULL,
      PRIMARY KEY (district_id, month))`);
    await runner.query('CREATE SCHEMA funds');
    await runner.query(`CREATE TABLE funds.caseload_copy (
      district_id text NOT NULL, month date NOT NULL, version integer NOT NULL,
      integrations integer NOT NULL, subsistence_benefits_cents bigint NOT NULL,
      PRIMARY KEY (district_id, month))`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP SCHEMA households CASCADE');
    await runner.query('DROP SCHEMA funds CASCADE');
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
  const copyInto = (schema: 'households' | 'funds', report: ReturnType<typeof aCaseloadReport>) =>
    dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL search_path TO ${schema}`);
      return schema === 'households'
        ? copyCaseload(manager, report, { figures: ['eligibleJobseekers', 'benefitHouseholds'] })
        : copyCaseload(manager, report, { figures: ['integrations', 'subsistenceBenefitsCents'] });
    });

  it('keeps the highest version of a month: a correction wins, an older version changes nothing', async () => {
    expect(await copyInto('households', aCaseloadReport('marl', '2026-03'))).toBe(true);
    const correction = aCaseloadReport('marl', '2026-03', {
      version: 2,
      eligibleJobseekers: 3100,
      benefitHouseholds: 2200,
    });
    expect(await copyInto('households', correction)).toBe(true);
    // Version 1 again (redelivered, or overtaken by its correction): refused.
    expect(await copyInto('households', aCaseloadReport('marl', '2026-03'))).toBe(false);
    expect(await copyInto('households', correction)).toBe(false);

    expect(
      await dataSource.query(
        `SELECT district_id, to_char(month, 'YYYY-MM-DD') AS month, version, eligible_jobseekers,
                benefit_households FROM households.caseload_copy`,
      ),
    ).toEqual([
      {
        district_id: 'marl',
        month: '2026-03-01',
        version: 2,
        eligible_jobseekers: 3100,
        benefit_households: 2200,
      },
    ]);
  });

  it('stores the month as its first day and only the figures asked for, one row per district and month', async () => {
    await copyInto('funds', aCaseloadReport('herten', '2026-03', { integrations: 41 }));
    await copyInto('funds', aCaseloadReport('herten', '2026-04', { integrations: 42 }));
    await copyInto('funds', aCaseloadReport('datteln', '2026-03', { integrations: 43 }));
    await copyInto(
      'funds',
      aCaseloadReport('herten', '2026-03', { version: 3, subsistenceBenefitsCents: 123_456_789 }),
    );

    expect(
      await dataSource.query(
        `SELECT district_id, to_char(month, 'YYYY-MM-DD') AS month, version, integrations,
                subsistence_benefits_cents::text AS cents
           FROM funds.caseload_copy ORDER BY district_id, month`,
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
