import type { EntityManager } from 'typeorm';
import { isUuid, onlyUuids } from '@jobcenter/db';
import { keysetPage, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { AppointmentStatus, LeadershipPosition } from '../domain/appointments';

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

/** Leadership appointments and their outcomes. */
export class AppointmentsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** One appointment, locked until the transaction ends, or null (also for an id that is no UUID). */
  async lock(id: string): Promise<AppointmentRecord | null> {
    const [row]: AppointmentRow[] = isUuid(id)
      ? await this.manager.query('SELECT * FROM appointment WHERE id = $1 FOR UPDATE', [id])
      : [];
    return row ? toRecord(row) : null;
  }

  /** The id of the employee's pending candidacy, if any. */
  async pendingIdOfCandidate(candidateId: string): Promise<string | null> {
    const [other] = await this.manager.query(
      `SELECT id FROM appointment WHERE candidate_id = $1 AND status = 'PENDING'`,
      [candidateId],
    );
    return other ? other.id : null;
  }

  async insertPending(appointment: {
    id: string;
    postId: string;
    candidateId: string;
    position: LeadershipPosition;
    districtId: string | null;
    proposedBy: string;
    proposedAt: Date;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO appointment (id, post_id, candidate_id, position, district_id, status, proposed_by, proposed_at)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7)`,
      [
        appointment.id,
        appointment.postId,
        appointment.candidateId,
        appointment.position,
        appointment.districtId,
        appointment.proposedBy,
        appointment.proposedAt,
      ],
    );
  }

  async withdraw(id: string, reason: string): Promise<void> {
    await this.manager.query(
      `UPDATE appointment SET status = 'WITHDRAWN', outcome_reason = $2 WHERE id = $1`,
      [id, reason],
    );
  }

  /** Records the board's resolution on the appointment and how it ended. */
  async recordOutcome(
    id: string,
    status: 'COMPLETED' | 'FAILED',
    resolution: { id: string; number: string; adoptedAt: Date },
    reason: string | null,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE appointment SET status = $2, resolution_id = $3, resolution_number = $4, completed_at = $5,
         outcome_reason = $6 WHERE id = $1`,
      [id, status, resolution.id, resolution.number, resolution.adoptedAt, reason],
    );
  }

  async byIds(ids: readonly string[]): Promise<AppointmentRecord[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return [];
    const rows: AppointmentRow[] = await this.manager.query(
      'SELECT * FROM appointment WHERE id = ANY($1)',
      [valid],
    );
    return rows.map(toRecord);
  }

  async pendingOfPosts(postIds: readonly string[]): Promise<AppointmentRecord[]> {
    const rows: AppointmentRow[] = await this.manager.query(
      `SELECT * FROM appointment WHERE post_id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [onlyUuids(postIds)],
    );
    return rows.map(toRecord);
  }

  async list(status?: AppointmentStatus): Promise<AppointmentRecord[]> {
    const rows: AppointmentRow[] = await this.manager.query(
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
      this.manager,
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
