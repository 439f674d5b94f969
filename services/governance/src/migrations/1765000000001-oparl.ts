import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OParl (docs/oparl.md): whether a submission is public (a personnel matter or personal data is
 * not), and the objects the OParl API has served, per audience, with the hash of their content,
 * so that `modified` moves exactly when what a client sees changes and deletions stay visible.
 */
/** The tables the OParl objects are made of (src/oparl/render.ts reads them). */
const OPARL_SOURCES = [
  'person',
  'board_seat',
  'steering_committee_member',
  'submission',
  'meeting',
  'agenda_item',
  'attendance',
  'meeting_guest',
  'resolution',
];

export class Oparl1765000000001 implements MigrationInterface {
  name = 'Oparl1765000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE submission ADD COLUMN public boolean');
    // What existed before: the appointment consultations and the transfer group's reports are
    // personnel matters; the rest was written by the board office for the board's public work.
    await runner.query(
      `UPDATE submission SET public = NOT (kind = 'LEADERSHIP_CONSULTATION' OR author_unit = 'Überleitungsgruppe')`,
    );
    // No default: every way a submission is made decides it.
    await runner.query('ALTER TABLE submission ALTER COLUMN public SET NOT NULL');
    await runner.query(
      `ALTER TABLE submission ADD CONSTRAINT submission_personnel_matter_not_public
         CHECK (NOT (public AND kind = 'LEADERSHIP_CONSULTATION'))`,
    );
    await runner.query(`
      CREATE TABLE oparl_object (
        audience text NOT NULL CHECK (audience IN ('public', 'internal')),
        type text NOT NULL,
        id text NOT NULL,
        body jsonb,
        hash text NOT NULL,
        created timestamptz NOT NULL,
        modified timestamptz NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        PRIMARY KEY (audience, type, id)
      )`);
    await runner.query(
      'CREATE INDEX oparl_object_by_modified ON oparl_object (audience, type, modified, id)',
    );
    // A row per transaction that changed what the API shows: the next request refreshes.
    await runner.query('CREATE TABLE oparl_pending (id bigserial PRIMARY KEY)');
    await runner.query('INSERT INTO oparl_pending DEFAULT VALUES');
    await runner.query(`
      CREATE FUNCTION oparl_note_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF current_setting('jobcenter.oparl_noted', true) IS DISTINCT FROM 'on' THEN
          PERFORM set_config('jobcenter.oparl_noted', 'on', true);
          INSERT INTO oparl_pending DEFAULT VALUES;
        END IF;
        RETURN NULL;
      END
      $fn$`);
    for (const table of OPARL_SOURCES) {
      await runner.query(
        `CREATE TRIGGER oparl_note_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION oparl_note_change()`,
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of OPARL_SOURCES)
      await runner.query(`DROP TRIGGER oparl_note_change ON ${table}`);
    await runner.query('DROP FUNCTION oparl_note_change()');
    await runner.query('DROP TABLE oparl_pending');
    await runner.query('DROP TABLE oparl_object');
    await runner.query(
      'ALTER TABLE submission DROP CONSTRAINT submission_personnel_matter_not_public',
    );
    await runner.query('ALTER TABLE submission DROP COLUMN public');
  }
}
