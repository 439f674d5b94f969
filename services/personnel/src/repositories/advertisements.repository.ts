import type { EntityManager } from 'typeorm';
import { insertRows } from '@jobcenter/db';
import { keysetPagesOf, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { AdvertisementScope } from '../domain/posts';

export interface AdvertisementRecord {
  id: string;
  postId: string;
  scope: AdvertisementScope;
  publishedOn: string;
  closesOn: string;
}

interface AdvertisementRow {
  id: string;
  post_id: string;
  scope: AdvertisementScope;
  published_on: string;
  closes_on: string;
}

const ADVERTISEMENT_COLUMNS = `id, post_id, scope, to_char(published_on, 'YYYY-MM-DD') AS published_on,
  to_char(closes_on, 'YYYY-MM-DD') AS closes_on`;

const toAdvertisement = (row: AdvertisementRow): AdvertisementRecord => ({
  id: row.id,
  postId: row.post_id,
  scope: row.scope,
  publishedOn: row.published_on,
  closesOn: row.closes_on,
});

/** The advertisements of posts. */
export class AdvertisementsRepository {
  constructor(private readonly manager: EntityManager) {}

  async insert(advertisement: AdvertisementRecord, by: string): Promise<void> {
    await this.insertMany([advertisement], by);
  }

  /** Inserts the advertisements, all made by `by`, in one statement. */
  async insertMany(advertisements: readonly AdvertisementRecord[], by: string): Promise<void> {
    await insertRows(
      this.manager,
      'INSERT INTO advertisement (id, post_id, scope, published_on, closes_on, created_by)',
      advertisements.map((advertisement) => [
        advertisement.id,
        advertisement.postId,
        advertisement.scope,
        advertisement.publishedOn,
        advertisement.closesOn,
        by,
      ]),
    );
  }

  /** A page of each post's advertisements, oldest first: one statement for all posts. */
  pagesOf(
    postIds: readonly string[],
    page: PageArguments,
  ): Promise<Map<string, Connection<AdvertisementRecord>>> {
    return keysetPagesOf(
      this.manager,
      {
        name: 'advertisements',
        parent: 'post_id',
        select: ADVERTISEMENT_COLUMNS,
        from: 'advertisement',
        orderBy: [
          { expression: 'published_on', type: 'date' },
          { expression: 'id', type: 'uuid' },
        ],
        toNode: toAdvertisement,
      },
      postIds,
      page,
    );
  }

  async of(postIds: readonly string[]): Promise<AdvertisementRecord[]> {
    const rows: AdvertisementRow[] = await this.manager.query(
      `SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE post_id = ANY($1) ORDER BY published_on`,
      [postIds],
    );
    return rows.map(toAdvertisement);
  }
}
