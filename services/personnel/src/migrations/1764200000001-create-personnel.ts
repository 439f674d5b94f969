import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePersonnel1764200000001 implements MigrationInterface {
  name = 'CreatePersonnel1764200000001';

  async up(runner: QueryRunner): Promise<void> {
    // Kept from the events of districts and governance.
    await runner.query(`
      CREATE TABLE caseload_copy (
        district_id text NOT NULL,
        month date NOT NULL,
        version integer NOT NULL,
        benefit_households integer NOT NULL,
        eligible_jobseekers integer NOT NULL,
        eligible_jobseekers_under_25 integer NOT NULL,
        PRIMARY KEY (district_id, month)
      )`);
    await runner.query(`
      CREATE TABLE staffing_key (
        resolution_id uuid PRIMARY KEY,
        resolution_number text NOT NULL,
        households_per_benefits_post integer NOT NULL CHECK (households_per_benefits_post > 0),
        jobseekers_per_integration_post integer NOT NULL CHECK (jobseekers_per_integration_post > 0),
        jobseekers_under25_per_integration_post integer CHECK (jobseekers_under25_per_integration_post > 0),
        valid_from date NOT NULL,
        adopted_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE regional_task (
        id text PRIMARY KEY,
        name text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('CENTRAL_TASK', 'BOARD_RESOLUTION')),
        rationale text,
        resolution_id uuid UNIQUE,
        resolution_number text,
        decided_at timestamptz
      )`);

    await runner.query(`
      CREATE TABLE employee (
        id uuid PRIMARY KEY,
        personnel_number text NOT NULL UNIQUE,
        name text NOT NULL,
        employer text NOT NULL,
        workplace text NOT NULL,
        function text NOT NULL,
        fte_milli integer NOT NULL CHECK (fte_milli > 0 AND fte_milli <= 1000),
        start_date date NOT NULL,
        end_date date CHECK (end_date IS NULL OR end_date >= start_date),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX employee_workplace ON employee (workplace)');
    await runner.query(`
      CREATE TABLE post (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        unit_id text NOT NULL,
        function text NOT NULL,
        fte_milli integer NOT NULL CHECK (fte_milli > 0 AND fte_milli <= 1000),
        employer_side text NOT NULL CHECK (employer_side IN ('KREIS', 'CITY')),
        status text NOT NULL CHECK (status IN ('VACANT', 'ADVERTISED', 'FILLED')),
        holder_id uuid REFERENCES employee (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'FILLED') = (holder_id IS NOT NULL))
      )`);
    await runner.query('CREATE INDEX post_unit ON post (unit_id)');
    await runner.query('CREATE UNIQUE INDEX post_one_per_holder ON post (holder_id)');
    await runner.query(`
      CREATE TABLE advertisement (
        id uuid PRIMARY KEY,
        post_id uuid NOT NULL REFERENCES post (id),
        scope text NOT NULL CHECK (scope = 'COUNTY_WIDE'),
        published_on date NOT NULL,
        closes_on date NOT NULL CHECK (closes_on >= published_on),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query('CREATE INDEX advertisement_post ON advertisement (post_id)');

    await runner.query(`
      CREATE TABLE transfer (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('FLUCTUATION', 'VOLUNTARY')),
        employee_id uuid REFERENCES employee (id),
        post_id uuid REFERENCES post (id),
        from_employer text NOT NULL,
        to_employer text NOT NULL,
        city text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'COMPLETED', 'REFUSED')),
        consent_employee boolean,
        consent_city boolean,
        consent_kreis boolean,
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CHECK ((kind = 'VOLUNTARY') = (employee_id IS NOT NULL))
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX transfer_one_open_per_employee ON transfer (employee_id) WHERE status = 'OPEN'`,
    );
    await runner.query(`
      CREATE TABLE transfer_group_report (
        id uuid PRIMARY KEY,
        title text NOT NULL,
        text text NOT NULL,
        transfer_count integer NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE appointment (
        id uuid PRIMARY KEY,
        post_id uuid NOT NULL REFERENCES post (id),
        candidate_id uuid NOT NULL REFERENCES employee (id),
        position text NOT NULL CHECK (position IN ('HEAD_OF_DEPARTMENT', 'HEAD_OF_DISTRICT_OFFICE')),
        district_id text,
        status text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED')),
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL,
        resolution_id uuid,
        resolution_number text,
        completed_at timestamptz
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX appointment_one_pending_per_post ON appointment (post_id) WHERE status = 'PENDING'`,
    );
    // What was last published on personnel.staffing-gap-changed.v1, per district.
    await runner.query(`
      CREATE TABLE staffing_gap (
        district_id text PRIMARY KEY,
        caseload_month date NOT NULL,
        key_resolution_id uuid,
        benefits_required integer NOT NULL,
        benefits_held integer NOT NULL,
        integration_required integer NOT NULL,
        integration_held integer NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'staffing_gap',
      'appointment',
      'transfer_group_report',
      'transfer',
      'advertisement',
      'post',
      'employee',
      'regional_task',
      'staffing_key',
      'caseload_copy',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
