import type { EntityManager } from 'typeorm';
import { insertRows, isUuid, lockName, onlyUuids } from '@jobcenter/db';
import { keysetPagesOf, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { StaffFunction } from '../domain/functions';
import type { MilliFte } from '../domain/fte';
import type { EmployerSide, PostStatus } from '../domain/posts';

export interface PostRecord {
  id: string;
  reference: string;
  unitId: string;
  function: StaffFunction;
  fteMilli: MilliFte;
  employerSide: EmployerSide;
  status: PostStatus;
  holderId: string | null;
  pendingAppointment: boolean;
}

interface PostRow {
  id: string;
  reference: string;
  unit_id: string;
  function: StaffFunction;
  fte_milli: number;
  employer_side: EmployerSide;
  status: PostStatus;
  holder_id: string | null;
  pending_appointment: boolean;
}

const POST_COLUMNS = `id, reference, unit_id, function, fte_milli, employer_side, status, holder_id,
  EXISTS (SELECT 1 FROM appointment a WHERE a.post_id = post.id AND a.status = 'PENDING') AS pending_appointment`;

const toPost = (row: PostRow): PostRecord => ({
  id: row.id,
  reference: row.reference,
  unitId: row.unit_id,
  function: row.function,
  fteMilli: row.fte_milli,
  employerSide: row.employer_side,
  status: row.status,
  holderId: row.holder_id,
  pendingAppointment: row.pending_appointment,
});

/** Posts (Stellen), with whether a leadership appointment to them is pending. */
export class PostsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Serialises the creation of a unit's posts until the transaction ends (their numbering). */
  async lockUnit(unitId: string): Promise<void> {
    await lockName(this.manager, `post-${unitId}`);
  }

  async countOfUnit(unitId: string): Promise<number> {
    const [{ n }] = await this.manager.query(
      'SELECT count(*)::int AS n FROM post WHERE unit_id = $1',
      [unitId],
    );
    return n;
  }

  async insertVacant(
    post: Pick<
      PostRecord,
      'id' | 'reference' | 'unitId' | 'function' | 'fteMilli' | 'employerSide'
    >,
  ): Promise<void> {
    await this.insertMany([{ ...post, status: 'VACANT', holderId: null }]);
  }

  /** Inserts the posts, each with its status and holder, in one statement. */
  async insertMany(posts: readonly Omit<PostRecord, 'pendingAppointment'>[]): Promise<void> {
    await insertRows(
      this.manager,
      'INSERT INTO post (id, reference, unit_id, function, fte_milli, employer_side, status, holder_id)',
      posts.map((post) => [
        post.id,
        post.reference,
        post.unitId,
        post.function,
        post.fteMilli,
        post.employerSide,
        post.status,
        post.holderId,
      ]),
    );
  }

  /** One post, locked until the transaction ends, or null (also for an id that is no UUID). */
  async lock(id: string): Promise<PostRecord | null> {
    if (!isUuid(id)) return null;
    const [row]: PostRow[] = await this.manager.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? toPost(row) : null;
  }

  /** The reference of the post an employee holds, if any. */
  async referenceHeldBy(employeeId: string): Promise<string | null> {
    const [held] = await this.manager.query('SELECT reference FROM post WHERE holder_id = $1', [
      employeeId,
    ]);
    return held ? held.reference : null;
  }

  async markAdvertised(id: string): Promise<void> {
    await this.manager.query(
      `UPDATE post SET status = 'ADVERTISED', updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  async fill(id: string, holderId: string): Promise<void> {
    await this.manager.query(
      `UPDATE post SET status = 'FILLED', holder_id = $2, updated_at = now() WHERE id = $1`,
      [id, holderId],
    );
  }

  async vacate(id: string): Promise<void> {
    await this.manager.query(
      `UPDATE post SET status = 'VACANT', holder_id = NULL, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The post an employee holds falls vacant; the units of the posts vacated. */
  async vacateHeldBy(employeeId: string): Promise<string[]> {
    const vacated: { unit_id: string }[] = await this.manager.query(
      `UPDATE post SET status = 'VACANT', holder_id = NULL, updated_at = now() WHERE holder_id = $1 RETURNING unit_id`,
      [employeeId],
    );
    return vacated.map((post) => post.unit_id);
  }

  async setSide(id: string, side: EmployerSide): Promise<void> {
    await this.manager.query(
      'UPDATE post SET employer_side = $2, updated_at = now() WHERE id = $1',
      [id, side],
    );
  }

  /** The posts an employee holds change side; the units of the posts moved. */
  async setSideOfHeldBy(employeeId: string | null, side: EmployerSide): Promise<string[]> {
    const moved: { unit_id: string }[] = await this.manager.query(
      `UPDATE post SET employer_side = $2, updated_at = now() WHERE holder_id = $1 RETURNING unit_id`,
      [employeeId, side],
    );
    return moved.map((post) => post.unit_id);
  }

  async byIds(ids: readonly string[]): Promise<PostRecord[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return [];
    const rows: PostRow[] = await this.manager.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE id = ANY($1)`,
      [valid],
    );
    return rows.map(toPost);
  }

  async ofUnits(unitIds: readonly string[]): Promise<PostRecord[]> {
    const rows: PostRow[] = await this.manager.query(
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
      this.manager,
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

  async heldBy(employeeIds: readonly string[]): Promise<PostRecord[]> {
    const rows: PostRow[] = await this.manager.query(
      `SELECT ${POST_COLUMNS} FROM post WHERE holder_id = ANY($1)`,
      [employeeIds],
    );
    return rows.map(toPost);
  }
}
