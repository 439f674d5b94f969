import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Conflict, NotFound, RuleViolation } from '@jobcenter/subgraph-server';
import { isUuid, onlyUuids } from '@jobcenter/db';

export interface ConsultationRecord {
  id: string;
  consultedOn: string;
  topic: string;
  outcome: string | null;
  recordedBy: string;
}

export type InvitationStatus = 'REQUESTED' | 'INVITED' | 'DECLINED';

export interface InvitationRecord {
  id: string;
  meetingId: string;
  personId: string;
  topic: string;
  requestedByCouncil: boolean;
  status: InvitationStatus;
}

const toInvitation = (row: {
  id: string;
  meeting_id: string;
  person_id: string;
  topic: string;
  requested_by_council: boolean;
  status: InvitationStatus;
}): InvitationRecord => ({
  id: row.id,
  meetingId: row.meeting_id,
  personId: row.person_id,
  topic: row.topic,
  requestedByCouncil: row.requested_by_council,
  status: row.status,
});

/**
 * The chair's consultations with the staff council on personnel matters, and the council's
 * invitations to board meetings: by the chair, or asked for by the council (docs/rules.md#rule-5).
 * Invited representatives attend as guests and do not vote.
 */
export class StaffCouncil {
  constructor(private readonly dataSource: DataSource) {}

  async recordConsultation(
    input: { consultedOn: string; topic: string; outcome: string | null },
    recordedBy: string,
  ): Promise<ConsultationRecord> {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(input.consultedOn) ||
      Number.isNaN(Date.parse(input.consultedOn)) ||
      new Date(input.consultedOn).toISOString().slice(0, 10) !== input.consultedOn
    ) {
      throw new RuleViolation('consultedOn must be a date, YYYY-MM-DD', 'consultedOn');
    }
    if (input.topic.trim().length < 3)
      throw new RuleViolation('A consultation needs its topic', 'topic');
    const record = {
      id: randomUUID(),
      consultedOn: input.consultedOn,
      topic: input.topic.trim(),
      outcome: input.outcome?.trim() || null,
      recordedBy,
    };
    await this.dataSource.query(
      'INSERT INTO staff_council_consultation (id, consulted_on, topic, outcome, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, now())',
      [record.id, record.consultedOn, record.topic, record.outcome, recordedBy],
    );
    return record;
  }

  async consultations(): Promise<ConsultationRecord[]> {
    const rows: {
      id: string;
      consulted_on: string;
      topic: string;
      outcome: string | null;
      recorded_by: string;
    }[] = await this.dataSource.query(
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

  /** The chair (through the board office) invites a representative; or the council asks to be invited. */
  async invite(
    meetingId: string,
    personId: string,
    topic: string,
    requestedByCouncil: boolean,
  ): Promise<InvitationRecord> {
    if (topic.trim().length < 3) throw new RuleViolation('An invitation names its topic', 'topic');
    return this.dataSource.transaction(async (manager) => {
      const [meeting] = isUuid(meetingId)
        ? await manager.query('SELECT status FROM meeting WHERE id = $1 FOR UPDATE', [meetingId])
        : [];
      if (!meeting) throw new NotFound(`There is no meeting ${meetingId}`, 'meetingId');
      if (meeting.status !== 'SCHEDULED')
        throw new Conflict(
          `The meeting is ${meeting.status.toLowerCase()}; invitations are closed`,
          'meetingId',
        );
      const [person] = await manager.query('SELECT office FROM person WHERE id = $1', [personId]);
      if (!person) throw new NotFound(`There is no person ${personId}`, 'personId');
      if (person.office !== 'STAFF_COUNCIL_REPRESENTATIVE') {
        throw new RuleViolation(`${personId} is not a staff-council representative`, 'personId');
      }
      const [existing] = await manager.query(
        'SELECT * FROM invitation WHERE meeting_id = $1 AND person_id = $2',
        [meetingId, personId],
      );
      if (existing) {
        if (!requestedByCouncil && existing.status === 'REQUESTED') {
          await manager.query(`UPDATE invitation SET status = 'INVITED' WHERE id = $1`, [
            existing.id,
          ]);
          return toInvitation({ ...existing, status: 'INVITED' });
        }
        throw new Conflict(
          `${personId} already has an invitation to this meeting (${existing.status.toLowerCase()})`,
          'personId',
        );
      }
      const row = {
        id: randomUUID(),
        meeting_id: meetingId,
        person_id: personId,
        topic: topic.trim(),
        requested_by_council: requestedByCouncil,
        status: (requestedByCouncil ? 'REQUESTED' : 'INVITED') as InvitationStatus,
      };
      await manager.query(
        'INSERT INTO invitation (id, meeting_id, person_id, topic, requested_by_council, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())',
        [row.id, row.meeting_id, row.person_id, row.topic, row.requested_by_council, row.status],
      );
      return toInvitation(row);
    });
  }

  /** The chair's answer to a request of the council. */
  async answerRequest(invitationId: string, accept: boolean): Promise<InvitationRecord> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = isUuid(invitationId)
        ? await manager.query('SELECT * FROM invitation WHERE id = $1 FOR UPDATE', [invitationId])
        : [];
      if (!row) throw new NotFound(`There is no invitation ${invitationId}`, 'invitationId');
      const [meeting] = await manager.query('SELECT status FROM meeting WHERE id = $1', [
        row.meeting_id,
      ]);
      if (meeting.status !== 'SCHEDULED') {
        throw new Conflict(
          `The meeting is ${meeting.status.toLowerCase()}; the request can no longer be answered`,
          'invitationId',
        );
      }
      if (row.status !== 'REQUESTED')
        throw new Conflict(
          `This invitation is already ${row.status.toLowerCase()}`,
          'invitationId',
        );
      const status: InvitationStatus = accept ? 'INVITED' : 'DECLINED';
      await manager.query('UPDATE invitation SET status = $2 WHERE id = $1', [
        invitationId,
        status,
      ]);
      return toInvitation({ ...row, status });
    });
  }

  async invitationsOf(meetingIds: readonly string[]): Promise<InvitationRecord[]> {
    return (
      await this.dataSource.query(
        'SELECT * FROM invitation WHERE meeting_id = ANY($1::uuid[]) ORDER BY created_at',
        [onlyUuids(meetingIds)],
      )
    ).map(toInvitation);
  }
}
