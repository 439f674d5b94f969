import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NotFound } from '@jobcenter/subgraph-server';
import {
  answerToRequest,
  invitationOutcome,
  requireInvitationsOpen,
  requireRepresentative,
  validateConsultation,
  validateInvitationTopic,
  type ConsultationInput,
  type InvitationStatus,
} from '../domain/staff-council';
import { BoardRepository } from '../repositories/board.repository';
import { MeetingsRepository } from '../repositories/meetings.repository';
import {
  StaffCouncilRepository,
  type ConsultationRecord,
  type InvitationRecord,
} from '../repositories/staff-council.repository';

export type { ConsultationRecord, InvitationRecord, InvitationStatus };

/**
 * The chair's consultations with the staff council on personnel matters, and the council's
 * invitations to board meetings: by the chair, or asked for by the council (docs/rules.md#rule-5).
 * Invited representatives attend as guests and do not vote.
 */
export class StaffCouncil {
  constructor(private readonly dataSource: DataSource) {}

  async recordConsultation(
    input: ConsultationInput,
    recordedBy: string,
  ): Promise<ConsultationRecord> {
    const record = { id: randomUUID(), ...validateConsultation(input), recordedBy };
    await new StaffCouncilRepository(this.dataSource.manager).insertConsultation(record);
    return record;
  }

  consultations(): Promise<ConsultationRecord[]> {
    return new StaffCouncilRepository(this.dataSource.manager).consultations();
  }

  /** The chair (through the board office) invites a representative; or the council asks to be invited. */
  async invite(
    meetingId: string,
    personId: string,
    topic: string,
    requestedByCouncil: boolean,
  ): Promise<InvitationRecord> {
    const trimmedTopic = validateInvitationTopic(topic);
    return this.dataSource.transaction(async (manager) => {
      const status = await new MeetingsRepository(manager).lockStatus(meetingId);
      if (!status) throw new NotFound(`There is no meeting ${meetingId}`, 'meetingId');
      requireInvitationsOpen(status);
      const office = await new BoardRepository(manager).officeOf(personId);
      if (!office) throw new NotFound(`There is no person ${personId}`, 'personId');
      requireRepresentative(personId, office);
      const council = new StaffCouncilRepository(manager);
      const existing = await council.invitation(meetingId, personId);
      const outcome = invitationOutcome(personId, existing, requestedByCouncil);
      if (outcome.kind === 'INVITE_REQUESTED') {
        await council.setInvitationStatus(existing!.id, 'INVITED');
        return { ...existing!, status: 'INVITED' };
      }
      const record: InvitationRecord = {
        id: randomUUID(),
        meetingId,
        personId,
        topic: trimmedTopic,
        requestedByCouncil,
        status: outcome.status,
      };
      await council.insertInvitation(record);
      return record;
    });
  }

  /** The chair's answer to a request of the council. */
  async answerRequest(invitationId: string, accept: boolean): Promise<InvitationRecord> {
    return this.dataSource.transaction(async (manager) => {
      const council = new StaffCouncilRepository(manager);
      const invitation = await council.lockInvitation(invitationId);
      if (!invitation) throw new NotFound(`There is no invitation ${invitationId}`, 'invitationId');
      const meetingStatus = (await new MeetingsRepository(manager).statusOf(invitation.meetingId))!;
      const status = answerToRequest(meetingStatus, invitation.status, accept);
      await council.setInvitationStatus(invitationId, status);
      return { ...invitation, status };
    });
  }

  invitationsOf(meetingIds: readonly string[]): Promise<InvitationRecord[]> {
    return new StaffCouncilRepository(this.dataSource.manager).invitationsOf(meetingIds);
  }
}
