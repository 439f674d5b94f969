import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffCouncilAndTargetAgreements1764100000002 implements MigrationInterface {
  name = 'StaffCouncilAndTargetAgreements1764100000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE steering_committee_member (
        person_id text PRIMARY KEY REFERENCES person (id)
      )`);
    await runner.query(`
      CREATE TABLE staff_council_consultation (
        id uuid PRIMARY KEY,
        consulted_on date NOT NULL,
        topic text NOT NULL,
        outcome text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting (id),
        person_id text NOT NULL REFERENCES person (id),
        topic text NOT NULL,
        requested_by_council boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUESTED', 'INVITED', 'DECLINED')),
        created_at timestamptz NOT NULL,
        UNIQUE (meeting_id, person_id)
      )`);
    await runner.query(`
      CREATE TABLE target_agreement (
        id uuid PRIMARY KEY,
        district_id text NOT NULL,
        year integer NOT NULL,
        house_of_social_services_scope text NOT NULL,
        guide_scope text NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT', 'CONCLUDED')),
        concluded_by_resolution_id uuid REFERENCES resolution (id),
        created_at timestamptz NOT NULL,
        UNIQUE (district_id, year)
      )`);
    await runner.query(`
      CREATE TABLE target (
        id uuid PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES target_agreement (id),
        indicator text NOT NULL,
        target_value numeric NOT NULL,
        UNIQUE (agreement_id, indicator)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'target',
      'target_agreement',
      'invitation',
      'staff_council_consultation',
      'steering_committee_member',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
