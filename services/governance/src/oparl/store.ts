import type { DataSource } from 'typeorm';
import type { Logger } from '@jobcenter/logger';
import {
  OparlObjectsRepository,
  type ObjectChange,
  type StoredObject,
} from '../repositories/oparl-objects.repository';
import { AUDIENCES, contentHash, renderAll, type OparlBody } from './render';
import type { OparlUrls } from './urls';

export type { ListFilter, StoredObject } from '../repositories/oparl-objects.repository';

/** The object as served: deleted ones keep only id, type and created (OParl 2.8). */
export function served(object: StoredObject): OparlBody {
  if (object.deleted) {
    const { id, type } = object.body;
    return { id, type, created: object.created, modified: object.modified, deleted: true };
  }
  const { id, type, ...rest } = object.body;
  return { id, type, ...rest, created: object.created, modified: object.modified };
}

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
  async read<T>(read: (objects: OparlObjectsRepository) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const objects = new OparlObjectsRepository(manager);
      if (await objects.hasPending()) await this.refresh(objects);
      else await objects.waitForRefresh();
      return read(objects);
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
    await new OparlObjectsRepository(this.dataSource.manager).markPending();
  }

  private async refresh(objects: OparlObjectsRepository): Promise<void> {
    await objects.lockRefresh();
    // Changes committed before this statement are pending no more: the snapshot below sees them.
    if ((await objects.takePending()) === 0) return;
    const rendered = renderAll(await objects.snapshot(), this.urls);
    const known = await objects.known();
    const knownHash = new Map(
      known.map((row) => [`${row.audience} ${row.type} ${row.id}`, row.hash]),
    );
    const changes: ObjectChange[] = [];
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
    if (changes.length > 0) await objects.write(changes);
  }
}
