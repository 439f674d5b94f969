import { isUuid, onlyUuids, lockName } from '@jobcenter/db';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  NotFound,
  RuleViolation,
  keysetPagesOf,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { parseWorkplace, unitCode, type StaffFunction } from '../domain/functions';
import { parseCalendarDate as parseDate } from '@jobcenter/subgraph-server';
import { parseFte } from '../domain/fte';
import {
  checkAdvertisable,
  checkAdvertisementScope,
  checkFillable,
  checkNewPost,
  employerOfPost,
  type AdvertisementScope,
  type PostStatus,
  type EmployerSide,
} from '../domain/posts';
import type { Staffing } from './staffing';
import {
  EMPLOYEE_COLUMNS,
  POST_COLUMNS,
  toEmployee,
  toPost,
  type EmployeeRow,
  type PostRecord,
  type PostRow,
  type WriteCheck,
} from './records';

export interface AdvertisementRecord {
  id: string;
  postId: string;
  scope: AdvertisementScope;
  publishedOn: string;
  closesOn: string;
}

/** Posts (Stellen) of the Fachbereich and the Bezirksstellen. */
export class Posts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staffing: Staffing,
  ) {}

  async create(
    input: { unitId: string; function: StaffFunction; fte: number; employerSide: EmployerSide },
    canWrite: WriteCheck,
  ): Promise<PostRecord> {
    const unitId = parseWorkplace(input.unitId, 'unitId');
    const fteMilli = parseFte(input.fte, 'fte');
    checkNewPost(unitId, input.function, input.employerSide);
    canWrite(employerOfPost(unitId, input.employerSide));
    return this.dataSource.transaction(async (manager) => {
      await lockName(manager, `post-${unitId}`);
      const [{ n }] = await manager.query(
        'SELECT count(*)::int AS n FROM post WHERE unit_id = $1',
        [unitId],
      );
      const id = randomUUID();
      await manager.query(
        `INSERT INTO post (id, reference, unit_id, function, fte_milli, employer_side, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'VACANT')`,
        [
          id,
          `ST-${unitCode(unitId)}-${String(n + 1).padStart(4, '0')}`,
          unitId,
          input.function,
          fteMilli,
          input.employerSide,
        ],
      );
      return this.locked(manager, id);
    });
  }

  /** Reads and locks a post for a change. */
  async locked(manager: EntityManager, id: string, field = 'postId'): Promise<PostRecord> {
    if (!isUuid(id)) throw new NotFound(`There is no post ${id}`, field);
    const [row]: PostRow[] = await manager.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw new NotFound(`There is no post ${id}`, field);
    return toPost(row);
  }

  /** Advertises a vacant post; every advertisement is county-wide (docs/rules.md#rule-11). */
  async advertise(
    input: { postId: string; scope: AdvertisementScope; publishedOn: string; closesOn: string },
    canWrite: WriteCheck,
    by: string,
  ): Promise<AdvertisementRecord> {
    checkAdvertisementScope(input.scope);
    parseDate(input.publishedOn, 'publishedOn');
    parseDate(input.closesOn, 'closesOn');
    if (input.closesOn < input.publishedOn) {
      throw new RuleViolation('an advertisement closes after it is published', 'closesOn');
    }
    return this.dataSource.transaction(async (manager) => {
      const post = await this.locked(manager, input.postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      checkAdvertisable(post);
      const id = randomUUID();
      await manager.query(
        `INSERT INTO advertisement (id, post_id, scope, published_on, closes_on, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, post.id, input.scope, input.publishedOn, input.closesOn, by],
      );
      await manager.query(
        `UPDATE post SET status = 'ADVERTISED', updated_at = now() WHERE id = $1`,
        [post.id],
      );
      return { id, ...input, postId: post.id };
    });
  }

  async fill(postId: string, employeeId: string, canWrite: WriteCheck): Promise<PostRecord> {
    return this.dataSource.transaction(async (manager) => {
      const post = await this.locked(manager, postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      await this.fillLocked(manager, post, employeeId);
      return this.locked(manager, postId);
    });
  }

  /** Fills a post read with `locked` (also used when an appointment completes). */
  async fillLocked(
    manager: EntityManager,
    post: PostRecord,
    employeeId: string,
    options: { viaAppointment?: boolean } = {},
  ): Promise<void> {
    const [row]: EmployeeRow[] = isUuid(employeeId)
      ? await manager.query(`SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1 FOR UPDATE`, [
          employeeId,
        ])
      : [];
    if (!row) throw new NotFound(`There is no employee ${employeeId}`, 'employeeId');
    const employee = toEmployee(row);
    checkFillable(post, employee, { viaAppointment: options.viaAppointment });
    const [held] = await manager.query('SELECT reference FROM post WHERE holder_id = $1', [
      employee.id,
    ]);
    if (held) {
      throw new RuleViolation(
        `employee ${employee.id} already holds post ${held.reference}; vacate it first`,
        'employeeId',
      );
    }
    await manager.query(
      `UPDATE post SET status = 'FILLED', holder_id = $2, updated_at = now() WHERE id = $1`,
      [post.id, employee.id],
    );
    await this.staffing.recompute(manager, [post.unitId]);
  }

  async vacate(postId: string, canWrite: WriteCheck): Promise<PostRecord> {
    return this.dataSource.transaction(async (manager) => {
      const post = await this.locked(manager, postId);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      if (post.status !== 'FILLED') {
        throw new RuleViolation(`post ${post.reference} is not filled`, 'postId');
      }
      await manager.query(
        `UPDATE post SET status = 'VACANT', holder_id = NULL, updated_at = now() WHERE id = $1`,
        [post.id],
      );
      await this.staffing.recompute(manager, [post.unitId]);
      return this.locked(manager, postId);
    });
  }

  async byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PostRecord[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return [];
    const rows: PostRow[] = await manager.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE id = ANY($1)`,
      [valid],
    );
    return rows.map(toPost);
  }

  async ofUnits(unitIds: readonly string[]): Promise<PostRecord[]> {
    const rows: PostRow[] = await this.dataSource.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE unit_id = ANY($1) ORDER BY reference`,
      [unitIds],
    );
    return rows.map(toPost);
  }

  /** A page of each unit's posts (by reference), optionally of one status: one statement for all units. */
  pagesOfUnits(
    unitIds: readonly string[],
    status: PostStatus | undefined,
    page: PageArguments,
  ): Promise<Map<string, Connection<PostRecord>>> {
    return keysetPagesOf(
      this.dataSource,
      {
        name: 'posts',
        parent: 'unit_id',
        select: POST_COLUMNS,
        from: 'post',
        where: status ? ['status = $1'] : [],
        parameters: status ? [status] : [],
        orderBy: [
          { expression: 'reference', type: 'text' },
          { expression: 'id', type: 'uuid' },
        ],
        toNode: toPost,
      },
      unitIds,
      page,
    );
  }

  /** A page of each post's advertisements, oldest first: one statement for all posts. */
  advertisementPagesOf(
    postIds: readonly string[],
    page: PageArguments,
  ): Promise<Map<string, Connection<AdvertisementRecord>>> {
    return keysetPagesOf(
      this.dataSource,
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

  async heldBy(employeeIds: readonly string[]): Promise<PostRecord[]> {
    const rows: PostRow[] = await this.dataSource.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE holder_id = ANY($1)`,
      [employeeIds],
    );
    return rows.map(toPost);
  }

  async advertisementsOf(postIds: readonly string[]): Promise<AdvertisementRecord[]> {
    const rows: AdvertisementRow[] = await this.dataSource.query(
      `SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE post_id = ANY($1) ORDER BY published_on`,
      [postIds],
    );
    return rows.map(toAdvertisement);
  }
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
