import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { topics } from '../contracts';

/** Tables whose writes are bookkeeping of the event machinery, not data anybody reads. */
const EVENT_TABLES = ['outbox_event', 'applied_event', 'dead_letter_event', 'event_source'];
const TYPEORM_TABLES = ['migrations', 'typeorm_metadata'];

const { name: TOPIC, type: TYPE } = topics.dataChanged;

/**
 * Change notices and the relay's wake-up call, in every service database:
 * - `jobcenter_announce_change(service)`: a statement trigger function that adds one
 *   `jobcenter.data-changed.v1` notice to the outbox per transaction that changes data (a
 *   transaction-local setting remembers that the notice is written). Installed on every table by
 *   `announceChanges`, so that no write, whether a use case or an event handler, can miss it.
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
      CREATE FUNCTION jobcenter_announce_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        notice_id uuid;
      BEGIN
        IF current_setting('jobcenter.change_announced', true) = 'on' THEN
          RETURN NULL;
        END IF;
        PERFORM set_config('jobcenter.change_announced', 'on', true);
        notice_id := gen_random_uuid();
        INSERT INTO outbox_event (id, topic, message_key, event) VALUES (
          notice_id, '${TOPIC}', TG_ARGV[0],
          jsonb_build_object(
            'specversion', '1.0',
            'id', notice_id,
            'source', '/jobcenter/' || TG_ARGV[0],
            'type', '${TYPE}',
            'time', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'subject', TG_ARGV[0],
            'datacontenttype', 'application/json',
            'dataschema', 'urn:jobcenter:events:${TOPIC}',
            'data', jsonb_build_object('service', TG_ARGV[0], 'kind', 'change')));
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
    await runner.query('DROP FUNCTION jobcenter_announce_change() CASCADE');
    await runner.query('DROP TABLE event_source');
  }
}

/**
 * Puts the change-notice trigger on every table of the service's database (tables added by later
 * migrations included), under a lock so that replicas starting together do not race. Idempotent.
 */
export async function announceChanges(dataSource: DataSource, service: string): Promise<void> {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`Not a service name: "${service}"`);
  await dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock(7310403)');
    const tables: { name: string }[] = await manager.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND NOT (c.relname = ANY($1))`,
      [[...EVENT_TABLES, ...TYPEORM_TABLES]],
    );
    for (const { name } of tables) {
      await manager.query(
        `CREATE OR REPLACE TRIGGER jobcenter_announce_change
           AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${name.replaceAll('"', '""')}"
           FOR EACH STATEMENT EXECUTE FUNCTION jobcenter_announce_change('${service}')`,
      );
    }
  });
}
