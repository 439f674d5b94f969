import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDistricts1764000000001 implements MigrationInterface {
  name = 'CreateDistricts1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE jobcenter_unit (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        kind text NOT NULL CHECK (kind IN ('DISTRICT_OFFICE', 'DEPARTMENT')),
        name text NOT NULL,
        city text,
        size_group text CHECK (size_group IN ('SMALL', 'MEDIUM', 'LARGE')),
        street text NOT NULL,
        postal_code text NOT NULL,
        town text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'DISTRICT_OFFICE') = (city IS NOT NULL AND size_group IS NOT NULL))
      )`);
    await runner.query(`
      CREATE TABLE caseload_report (
        id uuid PRIMARY KEY,
        district_id text NOT NULL REFERENCES jobcenter_unit (id),
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        version integer NOT NULL CHECK (version > 0),
        benefit_households integer NOT NULL CHECK (benefit_households >= 0),
        eligible_jobseekers integer NOT NULL CHECK (eligible_jobseekers >= 0),
        eligible_jobseekers_under_25 integer NOT NULL CHECK (eligible_jobseekers_under_25 BETWEEN 0 AND eligible_jobseekers),
        long_term_recipients integer NOT NULL CHECK (long_term_recipients BETWEEN 0 AND eligible_jobseekers),
        integrations integer NOT NULL CHECK (integrations BETWEEN 0 AND eligible_jobseekers),
        subsistence_benefits_cents bigint NOT NULL CHECK (subsistence_benefits_cents >= 0),
        reported_at timestamptz NOT NULL,
        reported_by text NOT NULL,
        correction_reason text,
        UNIQUE (district_id, month, version)
      )`);
    await runner.query(
      'CREATE INDEX caseload_report_latest ON caseload_report (district_id, month DESC, version DESC)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE caseload_report');
    await runner.query('DROP TABLE jobcenter_unit');
  }
}
