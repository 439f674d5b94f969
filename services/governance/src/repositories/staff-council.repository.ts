import type { EntityManager } from 'typeorm';
import { isUuid, onlyUuids } from '@jobcenter/db';
import type { InvitationStatus } from '../domain/staff-council';

export interface ConsultationRecord {
  id: string;
  consultedOn: string;
  topic: string;
  outcome: string | null;
  recordedBy: string;
}

export interface InvitationRecord {
  id: string;
  meetingId: string;
  personId: string;
  topic: string;
  requestedByCouncil: boolean;
  status: InvitationStatus;
}

interface InvitationRow {
  id: string;
  meeting_id: string;
  person_id: string;
  topic: string;
  requested_by_council: boolean;
  status: InvitationStatus;
}

const toInvitation = (row: InvitationRow): InvitationRecord => ({
  id: row.id,
  meetingId: row.meeting_id,
  personId: row.person_id,
  topic: row.topic,
  requestedByCouncil: row.requested_by_council,
  status: row.status,
});

/** Consultations of the staff council (`staff_council_consultation`) and its invitations to meetings (`invitation`). */
export class StaffCouncilRepository {
  constructor(private readonly manager: EntityManager) {}

  async insertConsultation(record: ConsultationRecord): Promise<void> {
    await this.manager.query(
      'INSERT INTO staff_council_consultation (id, consulted_on, topic, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, now())',
      [record.id, record.consultedOn, record.topic, record.outcome, record.recordedBy],
    );
  }

  /** All consultations, latest first. */
  async consultations(): Promise<ConsultationRecord[]> {
    const rows: {
      id: string;
      consulted_on: string;
      topic: string;
      outcome: string | null;
      recorded_by: string;
    }[] = await this.manager.query(
      `SELECT id, to_char(consulted_on, 'YYYY-MM-DD') AS consulted_on, topic, outcome, recorded_by FROM staff_council_consultation ORDER BY consulted_on DESC`,
    );
    return rows.map((row) => ({
      id: row.id,
      consultedOn: row.consulted_on,
      topic: row.topic,
      outcome: row.outcome,
      recordedBy: row.recorded_by,
    }));
  }

  /** The person's invitation to the meeting, if any. */
  async invitation(meetingId: string, personId: string): Promise<InvitationRecord | null> {
    const [row] = await this.manager.query(
      'SELECT * FROM invitation WHERE meeting_id = $1 AND person_id = $2',
      [meetingId, personId],
    );
    return row ? toInvitation(row) : null;
  }

  /** The invitation, locked until the transaction ends; null when there is none. */
  async lockInvitation(id: string): Promise<InvitationRecord | null> {
    const [row] = isUuid(id)
      ? await this.manager.query('SELECT * FROM invitation WHERE id = $1 FOR UPDATE', [id])
      : [];
    return row ? toInvitation(row) : null;
  }

  /** Which of the people hold an accepted invitation to the meeting (staff-council guests come by invitation). */
  async invitedAmong(meetingId: string, personIds: readonly string[]): Promise<Set<string>> {
    const invited = new Set<string>();
    for (const personId of personIds) {
      const [invitation] = await this.manager.query(
        `SELECT 1 FROM invitation WHERE meeting_id = $1 AND person_id = $2 AND status = 'INVITED'`,
        [meetingId, personId],
      );
      if (invitation) invited.add(personId);
    }
    return invited;
  }

  async insertInvitation(record: InvitationRecord): Promise<void> {
    await this.manager.query(
      'INSERT INTO invitation (id, meeting_id, person_id, topic, requested_by_council, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
      [
        record.id,
        record.meetingId,
        record.personId,
        record.topic,
        record.requestedByCouncil,
        record.status,
      ],
    );
  }

  async setInvitationStatus(id: string, status: InvitationStatus): Promise<void> {
    await this.manager.query('UPDATE invitation SET status = $2 WHERE id = $1', [id, status]);
  }

  /** The invitations to the meetings, in the order they were made. */
  async invitationsOf(meetingIds: readonly string[]): Promise<InvitationRecord[]> {
    const rows: InvitationRow[] = await this.manager.query(
      'SELECT * FROM invitation WHERE meeting_id = ANY($1::uuid[]) ORDER BY created_at',
      [onlyUuids(meetingIds)],
    );
    return rows.map(toInvitation);
  }
}
