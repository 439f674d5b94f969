import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { topics } from '../contracts';

/** Tables whose writes are bookkeeping of the event machinery, not data anybody reads. */
const EVENT_TABLES = ['outbox_event', 'applied_event', 'dead_letter_event', 'event_source'];
const TYPEORM_TABLES = ['migrations', 'typeorm_metadata'];

const { name: TOPIC, type: TYPE } = topics.dataChanged;

/**
 * Change notices and the relay's wake-up call, in every service database:
 * - `jobcenter_note_change(service)` adds one `jobcenter.data-changed.v1` notice to the outbox per
 *   transaction (a transaction-local setting remembers that it is written); statement triggers
 *   call it for every statement that changed rows, on every table (`announceChanges`), so that no
 *   write, whether a use case or an event handler, can miss it.
 * - `event_source`: the id of this database, which the relay's heartbeats carry.
 * - a trigger on `outbox_event` that notifies the channel `outbox_event` when rows commit, so that
 *   the relay sends at once instead of at its next poll.
 */
export class ChangeNotices1764900000000 implements MigrationInterface {
  name = 'ChangeNotices1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE event_source (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton)
      )`);
    await runner.query('INSERT INTO event_source DEFAULT VALUES');
    await runner.query(`
      CREATE FUNCTION jobcenter_note_change(service text) RETURNS void LANGUAGE plpgsql AS $fn$
      DECLARE
        notice_id uuid;
      BEGIN
        IF current_setting('jobcenter.change_announced', true) = 'on' THEN
          RETURN;
        END IF;
        PERFORM set_config('jobcenter.change_announced', 'on', true);
        notice_id := gen_random_uuid();
        INSERT INTO outbox_event (id, topic, message_key, event) VALUES (
          notice_id, '${TOPIC}', service,
          jsonb_build_object(
            'specversion', '1.0',
            'id', notice_id,
            'source', '/jobcenter/' || service,
            'type', '${TYPE}',
            'time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'subject', service,
            'datacontenttype', 'application/json',
            'dataschema', 'urn:jobcenter:events:${TOPIC}',
            'data', jsonb_build_object('service', service, 'kind', 'change')));
      END
      $fn$`);
    // Statements that change no row (an upsert that finds a newer version) announce nothing.
    await runner.query(`
      CREATE FUNCTION jobcenter_announce_rows() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF EXISTS (SELECT 1 FROM changed) THEN
          PERFORM jobcenter_note_change(TG_ARGV[0]);
        END IF;
        RETURN NULL;
      END
      $fn$`);
    await runner.query(`
      CREATE FUNCTION jobcenter_announce_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM jobcenter_note_change(TG_ARGV[0]);
        RETURN NULL;
      END
      $fn$`);
    await runner.query(`
      CREATE FUNCTION jobcenter_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('outbox_event', '');
        RETURN NULL;
      END
      $fn$`);
    await runner.query(`
      CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
        FOR EACH STATEMENT EXECUTE FUNCTION jobcenter_outbox_notify()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TRIGGER outbox_event_notify ON outbox_event');
    await runner.query('DROP FUNCTION jobcenter_outbox_notify()');
    await runner.query('DROP FUNCTION jobcenter_announce_rows() CASCADE');
    await runner.query('DROP FUNCTION jobcenter_announce_truncate() CASCADE');
    await runner.query('DROP FUNCTION jobcenter_note_change(text)');
    await runner.query('DROP TABLE event_source');
  }
}

/** The triggers every table gets: one per kind of statement (transition tables need that). */
const TRIGGERS = [
  [
    'jobcenter_announce_insert',
    'INSERT',
    'REFERENCING NEW TABLE AS changed',
    'jobcenter_announce_rows',
  ],
  [
    'jobcenter_announce_update',
    'UPDATE',
    'REFERENCING NEW TABLE AS changed',
    'jobcenter_announce_rows',
  ],
  [
    'jobcenter_announce_delete',
    'DELETE',
    'REFERENCING OLD TABLE AS changed',
    'jobcenter_announce_rows',
  ],
  ['jobcenter_announce_truncate', 'TRUNCATE', '', 'jobcenter_announce_truncate'],
] as const;

/**
 * Puts the change-notice triggers on every table of the service's database that lacks them
 * (tables added by later migrations included), under a lock so that replicas starting together do
 * not race. Tables that have them are not touched (no lock on a table in use).
 */
export async function announceChanges(dataSource: DataSource, service: string): Promise<void> {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`Not a service name: "${service}"`);
  await dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock(7310403)');
    const missing: { table_name: string; trigger_name: string }[] = await manager.query(
      `SELECT c.relname AS table_name, t.name AS trigger_name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN unnest($2::text[]) AS t(name)
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND NOT (c.relname = ANY($1))
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = t.name)`,
      [[...EVENT_TABLES, ...TYPEORM_TABLES], TRIGGERS.map(([name]) => name)],
    );
    for (const { table_name: table, trigger_name: name } of missing) {
      const [, event, referencing, fn] = TRIGGERS.find(([candidate]) => candidate === name)!;
      await manager.query(
        `CREATE TRIGGER ${name} AFTER ${event} ON "${table.replaceAll('"', '""')}" ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION ${fn}('${service}')`,
      );
    }
  });
}
