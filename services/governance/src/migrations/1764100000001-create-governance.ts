import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGovernance1764100000001 implements MigrationInterface {
  name = 'CreateGovernance1764100000001';

  async up(runner: QueryRunner): Promise<void> {
    // Copies of other services' data, kept from their events.
    await runner.query(`
      CREATE TABLE district_copy (
        id text PRIMARY KEY,
        name text NOT NULL,
        city text NOT NULL,
        size_group text NOT NULL CHECK (size_group IN ('SMALL', 'MEDIUM', 'LARGE')),
        changed_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE caseload_copy (
        district_id text NOT NULL,
        month date NOT NULL,
        version integer NOT NULL,
        eligible_jobseekers integer NOT NULL,
        long_term_recipients integer NOT NULL,
        integrations integer NOT NULL,
        subsistence_benefits_cents bigint NOT NULL,
        PRIMARY KEY (district_id, month)
      )`);

    await runner.query(`
      CREATE TABLE person (
        id text PRIMARY KEY,
        name text NOT NULL,
        office text NOT NULL CHECK (office IN ('LANDRAT', 'HEAD_OF_DEPARTMENT', 'SOCIAL_DEZERNENT', 'MAYOR', 'STAFF_COUNCIL_REPRESENTATIVE', 'OTHER')),
        city_id text
      )`);
    await runner.query(`
      CREATE TABLE board_seat (
        id text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('CHAIR', 'DEPUTY_CHAIR', 'CITY_REPRESENTATIVE')),
        size_group text CHECK (size_group IN ('SMALL', 'MEDIUM', 'LARGE')),
        member_id text NOT NULL REFERENCES person (id),
        substitute_id text REFERENCES person (id)
      )`);

    await runner.query(`
      CREATE TABLE submission (
        id uuid PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        title text NOT NULL,
        text text NOT NULL,
        author_unit text NOT NULL,
        kind text NOT NULL,
        proposal jsonb,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE meeting (
        id uuid PRIMARY KEY,
        body text NOT NULL CHECK (body IN ('BOARD', 'STEERING_COMMITTEE')),
        scheduled_for timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('SCHEDULED', 'HELD', 'CANCELLED')),
        held_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX meeting_held ON meeting (body, held_at) WHERE status = 'HELD'`,
    );
    await runner.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting (id),
        position integer NOT NULL,
        submission_id uuid NOT NULL REFERENCES submission (id),
        UNIQUE (meeting_id, position),
        UNIQUE (meeting_id, submission_id)
      )`);
    await runner.query(`
      CREATE TABLE attendance (
        meeting_id uuid NOT NULL REFERENCES meeting (id),
        seat_id text NOT NULL REFERENCES board_seat (id),
        role text NOT NULL,
        attended_by text NOT NULL CHECK (attended_by IN ('MEMBER', 'SUBSTITUTE')),
        person_id text NOT NULL REFERENCES person (id),
        PRIMARY KEY (meeting_id, seat_id)
      )`);
    await runner.query(`
      CREATE TABLE meeting_guest (
        meeting_id uuid NOT NULL REFERENCES meeting (id),
        person_id text NOT NULL REFERENCES person (id),
        PRIMARY KEY (meeting_id, person_id)
      )`);
    await runner.query(`
      CREATE TABLE resolution (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        agenda_item_id uuid NOT NULL UNIQUE REFERENCES agenda_item (id),
        status text NOT NULL CHECK (status IN ('VOTING', 'DISSENT', 'ADOPTED_BY_CONSENSUS', 'ADOPTED_BY_CHAIR', 'REJECTED_BY_CHAIR')),
        abstention_rule text NOT NULL,
        decided_by text,
        decided_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX resolution_open ON resolution (status) WHERE status IN ('VOTING', 'DISSENT')`,
    );
    await runner.query(`
      CREATE TABLE vote (
        resolution_id uuid NOT NULL REFERENCES resolution (id),
        seat_id text NOT NULL REFERENCES board_seat (id),
        vote text NOT NULL CHECK (vote IN ('AGREE', 'DISAGREE', 'ABSTAIN')),
        cast_by text NOT NULL REFERENCES person (id),
        cast_at timestamptz NOT NULL,
        PRIMARY KEY (resolution_id, seat_id)
      )`);
    await runner.query(`
      CREATE TABLE rules_of_procedure (
        version integer PRIMARY KEY,
        text text NOT NULL,
        abstention_rule text NOT NULL CHECK (abstention_rule IN ('DOES_NOT_BLOCK', 'COUNTS_AS_DISSENT')),
        adopted_by_resolution_id uuid REFERENCES resolution (id),
        valid_from timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'rules_of_procedure',
      'vote',
      'resolution',
      'meeting_guest',
      'attendance',
      'agenda_item',
      'meeting',
      'submission',
      'board_seat',
      'person',
      'caseload_copy',
      'district_copy',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
