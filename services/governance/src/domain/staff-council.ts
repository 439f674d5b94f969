import { Conflict, RuleViolation } from '@jobcenter/kernel';
import type { Office } from './board';
import type { MeetingStatus } from './meetings';

/**
 * The staff council and the board (docs/rules.md#rule-5): the chair consults it on personnel matters,
 * and its representatives attend board meetings as guests by invitation, by the chair or asked
 * for by the council.
 */
export type InvitationStatus = 'REQUESTED' | 'INVITED' | 'DECLINED';

export interface ConsultationInput {
  consultedOn: string;
  topic: string;
  outcome: string | null;
}

/** A consultation as recorded: its date YYYY-MM-DD, its topic and outcome trimmed (no outcome: null). */
export function validateConsultation(input: ConsultationInput): ConsultationInput {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.consultedOn) ||
    Number.isNaN(Date.parse(input.consultedOn)) ||
    new Date(input.consultedOn).toISOString().slice(0, 10) !== input.consultedOn
  ) {
    throw new RuleViolation('consultedOn must be a date, YYYY-MM-DD', 'consultedOn');
  }
  if (input.topic.trim().length < 3)
    throw new RuleViolation('A consultation needs its topic', 'topic');
  return {
    consultedOn: input.consultedOn,
    topic: input.topic.trim(),
    outcome: input.outcome?.trim() || null,
  };
}

/** An invitation names its topic; returns it trimmed. */
export function validateInvitationTopic(topic: string): string {
  if (topic.trim().length < 3) throw new RuleViolation('An invitation names its topic', 'topic');
  return topic.trim();
}

/** Invitations are made while the meeting is scheduled. */
export function requireInvitationsOpen(meetingStatus: MeetingStatus): void {
  if (meetingStatus !== 'SCHEDULED')
    throw new Conflict(
      `The meeting is ${meetingStatus.toLowerCase()}; invitations are closed`,
      'meetingId',
    );
}

/** Only staff-council representatives are invited. */
export function requireRepresentative(personId: string, office: Office): void {
  if (office !== 'STAFF_COUNCIL_REPRESENTATIVE') {
    throw new RuleViolation(`${personId} is not a staff-council representative`, 'personId');
  }
}

/**
 * What an invitation does, given the representative's invitation to the meeting so far
 * (`existing`): the chair's invitation grants a pending request of the council (`INVITE_REQUESTED`);
 * without any, a new invitation, invited by the chair or requested by the council. Anything else
 * is refused.
 */
export function invitationOutcome(
  personId: string,
  existing: { status: InvitationStatus } | null,
  requestedByCouncil: boolean,
): { kind: 'INVITE_REQUESTED' } | { kind: 'NEW'; status: InvitationStatus } {
  if (existing) {
    if (!requestedByCouncil && existing.status === 'REQUESTED') return { kind: 'INVITE_REQUESTED' };
    throw new Conflict(
      `${personId} already has an invitation to this meeting (${existing.status.toLowerCase()})`,
      'personId',
    );
  }
  return { kind: 'NEW', status: requestedByCouncil ? 'REQUESTED' : 'INVITED' };
}

/** The chair's answer to a request of the council: while the meeting is scheduled, once. */
export function answerToRequest(
  meetingStatus: MeetingStatus,
  invitationStatus: InvitationStatus,
  accept: boolean,
): InvitationStatus {
  if (meetingStatus !== 'SCHEDULED') {
    throw new Conflict(
      `The meeting is ${meetingStatus.toLowerCase()}; the request can no longer be answered`,
      'invitationId',
    );
  }
  if (invitationStatus !== 'REQUESTED')
    throw new Conflict(
      `This invitation is already ${invitationStatus.toLowerCase()}`,
      'invitationId',
    );
  return accept ? 'INVITED' : 'DECLINED';
}
