import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event tables every service has: the transactional outbox, the ids of events a consumer has
 * applied, and dead letters. Services list this migration before their own.
 */
export class EventTables1764000000000 implements MigrationInterface {
  name = 'EventTables1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE outbox_event (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        topic text NOT NULL,
        message_key text NOT NULL,
        event jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await runner.query(
      `CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE status = 'pending'`,
    );
    await runner.query(`
      CREATE TABLE applied_event (
        consumer text NOT NULL,
        event_id text NOT NULL,
        topic text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await runner.query(`
      CREATE TABLE dead_letter_event (
        id bigserial PRIMARY KEY,
        consumer text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" text NOT NULL,
        message_key text,
        value text,
        error text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE dead_letter_event');
    await runner.query('DROP TABLE applied_event');
    await runner.query('DROP TABLE outbox_event');
  }
}
