import { randomUUID } from 'node:crypto';
import type { Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import { NotFound } from '@jobcenter/subgraph-server';
import { employerOfPost } from '../domain/posts';
import {
  checkProposable,
  positionOf,
  type AppointmentStatus,
  type LeadershipPosition,
} from '../domain/appointments';
import type { Posts } from './posts';
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
});

/**
 * Leadership appointments in consultation with the board (DOMAIN rule 12), a saga through Kafka:
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
      const [row]: EmployeeRow[] = /^[0-9a-f-]{36}$/i.test(input.candidateId)
        ? await manager.query(`SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1`, [
            input.candidateId,
          ])
        : [];
      if (!row) throw new NotFound(`There is no employee ${input.candidateId}`, 'candidateId');
      const candidate = toEmployee(row);
      const id = randomUUID();
      const proposedAt = new Date();
      await manager.query(
        `INSERT INTO appointment (id, post_id, candidate_id, position, district_id, status, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7)`,
        [id, post.id, candidate.id, position, districtId, by, proposedAt],
      );
      await this.outbox.publish(manager, 'appointmentProposed', id, {
        appointmentId: id,
        position,
        districtId,
        postId: post.id,
        candidateName: candidate.name,
        proposedAt: proposedAt.toISOString(),
      });
      return (await this.byIds([id], manager))[0]!;
    });
  }

  /**
   * The board recorded its consultation: the appointment completes and the candidate fills the
   * post. A second delivery of the same resolution finds it completed and changes nothing.
   */
  async complete(
    manager: EntityManager,
    appointmentId: string,
    resolution: { id: string; number: string; adoptedAt: Date },
  ): Promise<AppointmentRecord> {
    const [row]: AppointmentRow[] = await manager.query(
      'SELECT * FROM appointment WHERE id = $1 FOR UPDATE',
      [appointmentId],
    );
    if (!row) throw new NotFound(`There is no appointment ${appointmentId}`, 'appointmentId');
    if (row.status === 'COMPLETED') return toRecord(row);
    const post = await this.posts.locked(manager, row.post_id);
    await this.posts.fillLocked(manager, post, row.candidate_id, { viaAppointment: true });
    await manager.query(
      `UPDATE appointment SET status = 'COMPLETED', resolution_id = $2, resolution_number = $3, completed_at = $4
       WHERE id = $1`,
      [appointmentId, resolution.id, resolution.number, resolution.adoptedAt],
    );
    return (await this.byIds([appointmentId], manager))[0]!;
  }

  async byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AppointmentRecord[]> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (valid.length === 0) return [];
    const rows: AppointmentRow[] = await manager.query(
      'SELECT * FROM appointment WHERE id = ANY($1)',
      [valid],
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
}
