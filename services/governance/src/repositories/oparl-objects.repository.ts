import type { EntityManager } from 'typeorm';
import type { Audience, OparlBody, Snapshot } from '../oparl/render';
import type { OparlPath } from '../oparl/urls';

/** The lock under which the OParl objects are brought up to date, one refresh at a time. */
const REFRESH_LOCK = 'oparl-refresh';

/** `created` and `modified` as the API writes them: UTC with microseconds, as stored. */
const STAMP = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export interface StoredObject {
  body: OparlBody;
  created: string;
  modified: string;
  deleted: boolean;
  /** The object's place in the list order, (modified, id). */
  cursor: [string, string];
}

export interface ListFilter {
  createdSince?: string;
  createdUntil?: string;
  modifiedSince?: string;
  modifiedUntil?: string;
  after?: [string, string];
  limit: number;
}

/** An object's content as last served to an audience (`hash` is 'deleted' once it is gone). */
export interface KnownObject {
  audience: Audience;
  type: string;
  id: string;
  hash: string;
}

/** A new, changed or deleted (`body` null) object to write. */
export interface ObjectChange extends KnownObject {
  body: OparlBody | null;
  created: string | null;
}

interface StoredRow {
  body: OparlBody;
  type: OparlPath;
  id: string;
  created: string;
  modified: string;
  deleted: boolean;
}

const toStored = (row: StoredRow): StoredObject => ({
  body: row.body,
  created: row.created,
  modified: row.modified,
  deleted: row.deleted,
  cursor: [row.modified, row.id],
});

/** What the snapshot reads, each table's rows as one JSON array. */
const SNAPSHOT_PARTS: Record<keyof Snapshot, string> = {
  people: 'SELECT id, name, office FROM person ORDER BY id',
  seats: 'SELECT id, role, size_group, member_id, substitute_id FROM board_seat ORDER BY id',
  steering: 'SELECT person_id FROM steering_committee_member ORDER BY person_id',
  submissions:
    'SELECT id, reference, title, text, kind, public, created_at FROM submission ORDER BY id',
  meetings: 'SELECT id, body, scheduled_for, status, held_at FROM meeting ORDER BY id',
  agenda: 'SELECT id, meeting_id, position, submission_id FROM agenda_item ORDER BY position, id',
  attendance: 'SELECT meeting_id, person_id FROM attendance ORDER BY person_id',
  guests: 'SELECT meeting_id, person_id FROM meeting_guest ORDER BY person_id',
  resolutions: 'SELECT agenda_item_id, number, status, decided_at FROM resolution ORDER BY number',
};

const asDate = (value: unknown) => (value === null ? null : new Date(String(value)));

/**
 * Reads everything the API shows in one statement, so that it is one consistent snapshot even
 * while others write (separate statements could see an agenda item but not its meeting).
 */
async function readSnapshot(manager: EntityManager): Promise<Snapshot> {
  const columns = Object.entries(SNAPSHOT_PARTS).map(
    ([name, sql]) => `(SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t) AS "${name}"`,
  );
  const [row] = await manager.query(`SELECT ${columns.join(', ')}`);
  const snapshot = row as Snapshot;
  return {
    ...snapshot,
    submissions: snapshot.submissions.map((entry) => ({
      ...entry,
      created_at: asDate(entry.created_at)!,
    })),
    meetings: snapshot.meetings.map((entry) => ({
      ...entry,
      scheduled_for: asDate(entry.scheduled_for)!,
      held_at: asDate(entry.held_at),
    })),
    resolutions: snapshot.resolutions.map((entry) => ({
      ...entry,
      decided_at: asDate(entry.decided_at),
    })),
  };
}

/**
 * The OParl objects each audience has been served (`oparl_object`), the changes not yet brought
 * in (`oparl_pending`, written by triggers on governance's tables), and the snapshot they are
 * rendered from.
 */
export class OparlObjectsRepository {
  constructor(private readonly manager: EntityManager) {}

  async hasPending(): Promise<boolean> {
    const [{ pending }] = await this.manager.query(
      'SELECT EXISTS (SELECT 1 FROM oparl_pending) AS pending',
    );
    return pending;
  }

  /** Marks everything to be rendered again on the next read. */
  async markPending(): Promise<void> {
    await this.manager.query('INSERT INTO oparl_pending DEFAULT VALUES');
  }

  /** Takes the pending changes; how many there were. */
  async takePending(): Promise<number> {
    const taken: unknown[] = await this.manager.query('DELETE FROM oparl_pending RETURNING id');
    return taken.length;
  }

  /** Waits, to the end of the transaction, until no refresh is under way. */
  async waitForRefresh(): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [REFRESH_LOCK]);
  }

  /** Holds the refresh to the end of the transaction, the only one under way. */
  async lockRefresh(): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REFRESH_LOCK]);
  }

  snapshot(): Promise<Snapshot> {
    return readSnapshot(this.manager);
  }

  known(): Promise<KnownObject[]> {
    return this.manager.query('SELECT audience, type, id, hash FROM oparl_object');
  }

  /** Writes the changes, all with one `modified` later than every `modified` before. */
  async write(changes: readonly ObjectChange[]): Promise<void> {
    // Later than every modified before, even if the clock stepped back.
    await this.manager.query(
      `WITH now AS (
         SELECT greatest(clock_timestamp(), coalesce(max(modified), '-infinity') + interval '1 microsecond') AS at
           FROM oparl_object
       )
       INSERT INTO oparl_object (audience, type, id, body, hash, created, modified, deleted)
       SELECT c.audience, c.type, c.id, c.body, c.hash, least(coalesce(c.created, now.at), now.at), now.at, c.body IS NULL
         FROM jsonb_to_recordset($1::jsonb) AS c(audience text, type text, id text, body jsonb, hash text, created timestamptz), now
       ON CONFLICT (audience, type, id) DO UPDATE
         SET body = coalesce(EXCLUDED.body, oparl_object.body), hash = EXCLUDED.hash,
             modified = EXCLUDED.modified, deleted = EXCLUDED.deleted`,
      [JSON.stringify(changes)],
    );
  }

  async get(audience: Audience, path: OparlPath, id: string): Promise<StoredObject | null> {
    const [row] = await this.manager.query(
      `SELECT type, id, body, deleted, to_char(created AT TIME ZONE 'UTC', ${STAMP}) AS created,
              to_char(modified AT TIME ZONE 'UTC', ${STAMP}) AS modified
         FROM oparl_object WHERE audience = $1 AND type = $2 AND id = $3`,
      [audience, path, id],
    );
    return row ? toStored(row) : null;
  }

  /**
   * A page of a list in (modified, id) order after the cursor, and how many match the filters.
   * Deleted objects are listed only for `modified_since` (OParl 1.1, 2.5).
   */
  async list(
    audience: Audience,
    path: OparlPath,
    filter: ListFilter,
  ): Promise<{ objects: StoredObject[]; total: number; more: boolean }> {
    const where = `audience = $1 AND type = $2
      AND ($3::timestamptz IS NOT NULL OR NOT deleted)
      AND ($3::timestamptz IS NULL OR modified >= $3::timestamptz)
      AND ($4::timestamptz IS NULL OR modified <= $4::timestamptz)
      AND ($5::timestamptz IS NULL OR created >= $5::timestamptz)
      AND ($6::timestamptz IS NULL OR created <= $6::timestamptz)`;
    const parameters = [
      audience,
      path,
      filter.modifiedSince ?? null,
      filter.modifiedUntil ?? null,
      filter.createdSince ?? null,
      filter.createdUntil ?? null,
    ];
    const rows: StoredRow[] = await this.manager.query(
      `SELECT type, id, body, deleted, to_char(created AT TIME ZONE 'UTC', ${STAMP}) AS created,
              to_char(modified AT TIME ZONE 'UTC', ${STAMP}) AS modified
         FROM oparl_object
        WHERE ${where} AND ($7::timestamptz IS NULL OR (modified, id) > ($7::timestamptz, $8::text))
        ORDER BY modified, id LIMIT $9`,
      [...parameters, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit + 1],
    );
    const [{ total }] = await this.manager.query(
      `SELECT count(*)::int AS total FROM oparl_object WHERE ${where}`,
      parameters,
    );
    return {
      objects: rows.slice(0, filter.limit).map(toStored),
      total,
      more: rows.length > filter.limit,
    };
  }
}
