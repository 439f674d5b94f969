import { isUuid, onlyUuids } from '@jobcenter/db';
import { randomUUID } from 'node:crypto';
import type { Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Conflict,
  NotFound,
  RuleViolation,
  keysetPage,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { checkCandidate, employerOfPost } from '../domain/posts';
import {
  checkProposable,
  positionOf,
  type AppointmentStatus,
  type LeadershipPosition,
} from '../domain/appointments';
import type { Posts } from './posts';
import type { Staffing } from './staffing';
import { EMPLOYEE_COLUMNS, toEmployee, type EmployeeRow, type WriteCheck } from './records';

export interface AppointmentRecord {
  id: string;
  postId: string;
  candidateId: string;
  position: LeadershipPosition;
  districtId: string | null;
  status: AppointmentStatus;
  proposedAt: Date;
  resolutionId: string | null;
  resolutionNumber: string | null;
  completedAt: Date | null;
  /** Why it was withdrawn or failed. */
  outcomeReason: string | null;
}

interface AppointmentRow {
  id: string;
  post_id: string;
  candidate_id: string;
  position: LeadershipPosition;
  district_id: string | null;
  status: AppointmentStatus;
  proposed_at: Date;
  resolution_id: string | null;
  resolution_number: string | null;
  completed_at: Date | null;
  outcome_reason: string | null;
}

const toRecord = (row: AppointmentRow): AppointmentRecord => ({
  id: row.id,
  postId: row.post_id,
  candidateId: row.candidate_id,
  position: row.position,
  districtId: row.district_id,
  status: row.status,
  proposedAt: row.proposed_at,
  resolutionId: row.resolution_id,
  resolutionNumber: row.resolution_number,
  completedAt: row.completed_at,
  outcomeReason: row.outcome_reason,
});

/**
 * Leadership appointments in consultation with the board (docs/rules.md#rule-12), a saga through Kafka:
 * `propose` stores the PENDING appointment and publishes `personnel.appointment-proposed.v1` in
 * one transaction; governance makes it a LEADERSHIP_CONSULTATION submission; the board's adopted
 * resolution comes back as `governance.resolution-adopted.v1` and `complete` fills the post. Both
 * steps are transactions with their event (outbox, idempotent consumer), so a restart of either
 * service at any point loses nothing and does nothing twice.
 */
export class Appointments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly posts: Posts,
    private readonly staffing: Staffing,
  ) {}

  async propose(
    input: { postId: string; candidateId: string },
    canWrite: WriteCheck,
    by: string,
  ): Promise<AppointmentRecord> {
    return this.dataSource.transaction(async (manager) => {
      const post = await this.posts.locked(manager, input.postId);
      const { position, districtId } = positionOf(post);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      checkProposable(post);
      const candidate = await this.lockedCandidate(manager, input.candidateId);
      if (!candidate)
        throw new NotFound(`There is no employee ${input.candidateId}`, 'candidateId');
      checkCandidate(post, candidate, 'candidateId');
      const [other] = await manager.query(
        `SELECT id FROM appointment WHERE candidate_id = $1 AND status = 'PENDING'`,
        [candidate.id],
      );
      if (other) {
        throw new Conflict(
          `employee ${candidate.id} is already the candidate of pending appointment ${other.id}`,
          'candidateId',
        );
      }
      const id = randomUUID();
      const proposedAt = new Date();
      await manager.query(
        `INSERT INTO appointment (id, post_id, candidate_id, position, district_id, status, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7)`,
        [id, post.id, candidate.id, position, districtId, by, proposedAt],
      );
      // No name in the event: the board reads the candidate in the graph.
      await this.outbox.publish(manager, 'appointmentProposed', id, {
        appointmentId: id,
        position,
        districtId,
        postId: post.id,
        proposedAt: proposedAt.toISOString(),
      });
      return (await this.byIds([id], manager))[0]!;
    });
  }

  private async lockedCandidate(manager: EntityManager, id: string) {
    const [row]: EmployeeRow[] = isUuid(id)
      ? await manager.query(`SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1 FOR UPDATE`, [
          id,
        ])
      : [];
    return row ? toEmployee(row) : null;
  }

  /** HR withdraws a pending appointment; a later resolution on it changes nothing. */
  async withdraw(
    appointmentId: string,
    reason: string,
    canWrite: WriteCheck,
  ): Promise<AppointmentRecord> {
    const why = reason.trim();
    if (why.length < 3) throw new RuleViolation('a withdrawal needs a reason', 'reason');
    return this.dataSource.transaction(async (manager) => {
      const [row]: AppointmentRow[] = isUuid(appointmentId)
        ? await manager.query('SELECT * FROM appointment WHERE id = $1 FOR UPDATE', [appointmentId])
        : [];
      if (!row) throw new NotFound(`There is no appointment ${appointmentId}`, 'appointmentId');
      const post = await this.posts.locked(manager, row.post_id);
      canWrite(employerOfPost(post.unitId, post.employerSide));
      if (row.status !== 'PENDING') {
        throw new Conflict(
          `appointment ${appointmentId} is ${row.status.toLowerCase()}`,
          'appointmentId',
        );
      }
      await manager.query(
        `UPDATE appointment SET status = 'WITHDRAWN', outcome_reason = $2 WHERE id = $1`,
        [appointmentId, why],
      );
      return (await this.byIds([appointmentId], manager))[0]!;
    });
  }

  /**
   * The board recorded its consultation: the appointment completes and the candidate fills the
   * post. A second delivery of the same resolution finds it completed and changes nothing.
   */
  async complete(
    manager: EntityManager,
    appointmentId: string,
    resolution: {
      id: string;
      number: string;
      adoptedAt: Date;
      position: LeadershipPosition;
      districtId: string | null;
    },
  ): Promise<AppointmentRecord> {
    const [row]: AppointmentRow[] = await manager.query(
      'SELECT * FROM appointment WHERE id = $1 FOR UPDATE',
      [appointmentId],
    );
    if (!row) throw new NotFound(`There is no appointment ${appointmentId}`, 'appointmentId');
    if (row.position !== resolution.position || row.district_id !== resolution.districtId) {
      throw new RuleViolation(
        `resolution ${resolution.number} consults on ${resolution.position} ${resolution.districtId ?? ''}, appointment ${appointmentId} is ${row.position} ${row.district_id ?? ''}`,
        'proposal',
      );
    }
    // Completed, withdrawn or failed before: a redelivery or a late resolution changes nothing.
    if (row.status !== 'PENDING') return toRecord(row);
    const record = async (status: 'COMPLETED' | 'FAILED', reason: string | null) => {
      await manager.query(
        `UPDATE appointment SET status = $2, resolution_id = $3, resolution_number = $4, completed_at = $5,
           outcome_reason = $6 WHERE id = $1`,
        [appointmentId, status, resolution.id, resolution.number, resolution.adoptedAt, reason],
      );
      return (await this.byIds([appointmentId], manager))[0]!;
    };
    const post = await this.posts.locked(manager, row.post_id);
    const candidate = await this.lockedCandidate(manager, row.candidate_id);
    try {
      checkCandidate(post, candidate!, 'candidateId');
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      return record('FAILED', error.message);
    }
    // A promotion: the candidate leaves the post held so far and becomes the unit's head.
    const left: { unit_id: string }[] = await manager.query(
      `UPDATE post SET status = 'VACANT', holder_id = NULL, updated_at = now() WHERE holder_id = $1 RETURNING unit_id`,
      [candidate!.id],
    );
    await manager.query(
      `UPDATE employee SET function = 'LEADERSHIP', workplace = $2, updated_at = now() WHERE id = $1`,
      [candidate!.id, post.unitId],
    );
    await this.staffing.recompute(
      manager,
      left.map((p) => p.unit_id),
    );
    await this.posts.fillLocked(manager, post, candidate!.id, { viaAppointment: true });
    return record('COMPLETED', null);
  }

  async byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AppointmentRecord[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return [];
    const rows: AppointmentRow[] = await manager.query(
      'SELECT * FROM appointment WHERE id = ANY($1)',
      [valid],
    );
    return rows.map(toRecord);
  }

  async pendingOfPosts(postIds: readonly string[]): Promise<AppointmentRecord[]> {
    const rows: AppointmentRow[] = await this.dataSource.query(
      `SELECT * FROM appointment WHERE post_id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [onlyUuids(postIds)],
    );
    return rows.map(toRecord);
  }

  async list(status?: AppointmentStatus): Promise<AppointmentRecord[]> {
    const rows: AppointmentRow[] = await this.dataSource.query(
      'SELECT * FROM appointment WHERE ($1::text IS NULL OR status = $1) ORDER BY proposed_at DESC',
      [status ?? null],
    );
    return rows.map(toRecord);
  }

  /** A page of the appointments, newest proposal first. */
  page(
    status: AppointmentStatus | undefined,
    page: PageArguments,
  ): Promise<Connection<AppointmentRecord>> {
    return keysetPage(
      this.dataSource,
      {
        name: 'appointments',
        select: '*',
        from: 'appointment',
        where: ['($1::text IS NULL OR status = $1)'],
        parameters: [status ?? null],
        orderBy: [
          { expression: 'proposed_at', type: 'timestamptz', descending: true },
          { expression: 'id', type: 'uuid', descending: true },
        ],
        toNode: toRecord,
      },
      page,
    );
  }
}
