import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBudget1764200000001 implements MigrationInterface {
  name = 'CreateBudget1764200000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE budget_line (
        fiscal_year integer NOT NULL,
        category text NOT NULL CHECK (category IN ('INTEGRATION_FUNDS', 'ADMINISTRATIVE_COSTS', 'PERSONNEL_COSTS')),
        source text NOT NULL CHECK (source IN ('BUND', 'LAND', 'KREIS')),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        set_by text NOT NULL,
        set_at timestamptz NOT NULL,
        PRIMARY KEY (fiscal_year, category, source)
      )`);
    // Every adopted pool split; the one in force for a year is the latest adopted.
    await runner.query(`
      CREATE TABLE pool_split (
        resolution_id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL,
        decentral_share_basis_points integer NOT NULL CHECK (decentral_share_basis_points BETWEEN 0 AND 10000),
        criteria text NOT NULL,
        adopted_at timestamptz NOT NULL
      )`);
    await runner.query('CREATE INDEX pool_split_year ON pool_split (fiscal_year, adopted_at)');
    await runner.query(`
      CREATE TABLE caseload_copy (
        district_id text NOT NULL,
        month text NOT NULL,
        version integer NOT NULL,
        eligible_jobseekers integer NOT NULL,
        eligible_jobseekers_under_25 integer NOT NULL,
        long_term_recipients integer NOT NULL,
        benefit_households integer NOT NULL,
        PRIMARY KEY (district_id, month)
      )`);
    await runner.query(`
      CREATE TABLE allocation_model (
        fiscal_year integer PRIMARY KEY,
        model jsonb NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE allocation_proposal (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL,
        pool_cents bigint NOT NULL CHECK (pool_cents >= 0),
        decentral_share_basis_points integer NOT NULL,
        pool_split_resolution_id uuid NOT NULL REFERENCES pool_split (resolution_id),
        model jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('PROPOSED', 'ADOPTED', 'SUPERSEDED')),
        resolution_id uuid,
        proposed_by text NOT NULL,
        proposed_at timestamptz NOT NULL,
        adopted_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE allocation_proposal_district (
        proposal_id uuid NOT NULL REFERENCES allocation_proposal (id),
        district_id text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        caseload_month text NOT NULL,
        contributions jsonb NOT NULL,
        PRIMARY KEY (proposal_id, district_id)
      )`);
    // One allocation per fiscal year; a later adoption replaces its amounts, keeping its id and spending.
    await runner.query(`
      CREATE TABLE allocation (
        id uuid PRIMARY KEY,
        fiscal_year integer NOT NULL UNIQUE,
        proposal_id uuid NOT NULL REFERENCES allocation_proposal (id),
        resolution_id uuid NOT NULL,
        pool_cents bigint NOT NULL,
        adopted_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE district_allocation (
        allocation_id uuid NOT NULL REFERENCES allocation (id),
        district_id text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        spent_cents bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (allocation_id, district_id)
      )`);
    await runner.query(`
      CREATE TABLE allocation_adoption (
        resolution_id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL,
        fiscal_year integer,
        adopted_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('PENDING', 'IN_FORCE', 'SUPERSEDED', 'OUTDATED'))
      )`);
    await runner.query(`
      CREATE TABLE spending_entry (
        id uuid PRIMARY KEY,
        allocation_id uuid NOT NULL,
        district_id text NOT NULL,
        fiscal_year integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('COMMITMENT', 'EXPENDITURE')),
        amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
        purpose text NOT NULL,
        legal_basis text NOT NULL,
        booked_on date NOT NULL,
        document_reference text NOT NULL,
        reversal_of uuid UNIQUE REFERENCES spending_entry (id),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        FOREIGN KEY (allocation_id, district_id) REFERENCES district_allocation (allocation_id, district_id),
        CHECK ((reversal_of IS NULL) = (amount_cents > 0))
      )`);
    await runner.query(
      'CREATE INDEX spending_entry_district ON spending_entry (district_id, fiscal_year, booked_on)',
    );
    // The audit trail: entries are never changed or deleted, whoever asks.
    await runner.query(`
      CREATE FUNCTION refuse_spending_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'spending entries are never changed or deleted; record a reversal instead'
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await runner.query(`
      CREATE TRIGGER spending_entry_is_append_only BEFORE UPDATE OR DELETE ON spending_entry
      FOR EACH ROW EXECUTE FUNCTION refuse_spending_entry_change()`);
    await runner.query(`
      CREATE TRIGGER spending_entry_is_not_truncated BEFORE TRUNCATE ON spending_entry
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_spending_entry_change()`);
    await runner.query(`
      CREATE TABLE threshold_reached (
        allocation_id uuid NOT NULL,
        district_id text NOT NULL,
        threshold_percent integer NOT NULL CHECK (threshold_percent IN (90, 100)),
        reached_at timestamptz NOT NULL,
        PRIMARY KEY (allocation_id, district_id, threshold_percent)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'threshold_reached',
      'spending_entry',
      'allocation_adoption',
      'district_allocation',
      'allocation',
      'allocation_proposal_district',
      'allocation_proposal',
      'allocation_model',
      'caseload_copy',
      'pool_split',
      'budget_line',
    ])
      await runner.query(`DROP TABLE ${table}`);
    await runner.query('DROP FUNCTION refuse_spending_entry_change');
  }
}
