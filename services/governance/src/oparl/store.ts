import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import {
  AUDIENCES,
  contentHash,
  readSnapshot,
  renderAll,
  type Audience,
  type OparlBody,
} from './render';
import type { OparlPath, OparlUrls } from './urls';

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

/** The object as served: deleted ones keep only id, type and created (OParl 2.8). */
export function served(object: StoredObject): OparlBody {
  if (object.deleted) {
    const { id, type } = object.body;
    return { id, type, created: object.created, modified: object.modified, deleted: true };
  }
  const { id, type, ...rest } = object.body;
  return { id, type, ...rest, created: object.created, modified: object.modified };
}

const toStored = (row: {
  body: OparlBody;
  type: OparlPath;
  id: string;
  created: string;
  modified: string;
  deleted: boolean;
}): StoredObject => ({
  body: row.body,
  created: row.created,
  modified: row.modified,
  deleted: row.deleted,
  cursor: [row.modified, row.id],
});

/**
 * The OParl objects each audience has been served, kept in `oparl_object`. `refresh` renders
 * everything from governance's tables and writes what differs: a new object, a changed one (its
 * `modified` moves), one that is gone (deleted, `modified` moves). Refreshes run one at a time
 * under a lock, and each takes a time later than every `modified` before it, so a client that
 * walks a list in (modified, id) order meets every change made before or during its walk.
 */
export class OparlStore {
  constructor(
    private readonly dataSource: DataSource,
    readonly urls: OparlUrls,
  ) {}

  /**
   * Runs `read` in a transaction that first brings the objects up to date: when a change is
   * pending, under the refresh lock; otherwise after any refresh under way has committed.
   */
  async read<T>(read: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const [{ pending }] = await manager.query(
        'SELECT EXISTS (SELECT 1 FROM oparl_pending) AS pending',
      );
      if (pending) await this.refresh(manager);
      else await manager.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [REFRESH_LOCK]);
      return read(manager);
    });
  }

  /** Brings pending changes in every `intervalMs`, until `stop` (which waits for one under way). */
  refreshEvery(intervalMs: number, logger: Logger): { stop: () => Promise<void> } {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running
        .then(() => this.read(async () => undefined))
        .catch((error) =>
          logger.warn({ err: error }, 'OParl refresh failed; the next request retries'),
        );
    }, intervalMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  }

  /** Makes the next request render everything again (after a start: the rendering may be new). */
  async markStale(): Promise<void> {
    await this.dataSource.query('INSERT INTO oparl_pending DEFAULT VALUES');
  }

  private async refresh(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [REFRESH_LOCK]);
    // Changes committed before this statement are pending no more: the snapshot below sees them.
    const taken = await manager.query('DELETE FROM oparl_pending RETURNING id');
    if (taken.length === 0) return;
    const rendered = renderAll(await readSnapshot(manager), this.urls);
    const known: { audience: Audience; type: string; id: string; hash: string }[] =
      await manager.query('SELECT audience, type, id, hash FROM oparl_object');
    const knownHash = new Map(
      known.map((row) => [`${row.audience} ${row.type} ${row.id}`, row.hash]),
    );
    const changes: {
      audience: Audience;
      type: string;
      id: string;
      body: OparlBody | null;
      hash: string;
      created: string | null;
    }[] = [];
    const present = new Set<string>();
    for (const audience of AUDIENCES) {
      for (const object of rendered.get(audience)!) {
        const key = `${audience} ${object.path} ${object.id}`;
        present.add(key);
        const hash = contentHash(object.body);
        if (knownHash.get(key) !== hash) {
          changes.push({
            audience,
            type: object.path,
            id: object.id,
            body: object.body,
            hash,
            created: object.created?.toISOString() ?? null,
          });
        }
      }
    }
    for (const row of known) {
      const key = `${row.audience} ${row.type} ${row.id}`;
      if (!present.has(key) && row.hash !== 'deleted') {
        changes.push({ ...row, body: null, hash: 'deleted', created: null });
      }
    }
    if (changes.length === 0) return;
    // Later than every modified before, even if the clock stepped back.
    await manager.query(
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

  async get(
    manager: EntityManager,
    audience: Audience,
    path: OparlPath,
    id: string,
  ): Promise<StoredObject | null> {
    const [row] = await manager.query(
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
    manager: EntityManager,
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
    const rows = await manager.query(
      `SELECT type, id, body, deleted, to_char(created AT TIME ZONE 'UTC', ${STAMP}) AS created,
              to_char(modified AT TIME ZONE 'UTC', ${STAMP}) AS modified
         FROM oparl_object
        WHERE ${where} AND ($7::timestamptz IS NULL OR (modified, id) > ($7::timestamptz, $8::text))
        ORDER BY modified, id LIMIT $9`,
      [...parameters, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit + 1],
    );
    const [{ total }] = await manager.query(
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
