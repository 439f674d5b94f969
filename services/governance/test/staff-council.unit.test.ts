import { Conflict, RuleViolation } from '@jobcenter/subgraph-server';
import {
  answerToRequest,
  invitationOutcome,
  requireInvitationsOpen,
  requireRepresentative,
  validateConsultation,
  validateInvitationTopic,
} from '../src/domain/staff-council';

describe('the staff council: consultations and invitations (pure rules)', () => {
  it('records a consultation on a real date with its topic, trimmed', () => {
    expect(
      validateConsultation({ consultedOn: '2026-02-28', topic: '  Dienstplan ', outcome: '  ' }),
    ).toEqual({ consultedOn: '2026-02-28', topic: 'Dienstplan', outcome: null });
    for (const consultedOn of ['2026-02-30', '28.02.2026', '2026-2-28']) {
      expect(() =>
        validateConsultation({ consultedOn, topic: 'Dienstplan', outcome: null }),
      ).toThrow(new RuleViolation('consultedOn must be a date, YYYY-MM-DD', 'consultedOn'));
    }
    expect(() =>
      validateConsultation({ consultedOn: '2026-02-28', topic: ' ab ', outcome: null }),
    ).toThrow('A consultation needs its topic');
  });

  it('invites a representative of the staff council to a scheduled meeting, naming the topic', () => {
    expect(validateInvitationTopic(' Personalplanung ')).toBe('Personalplanung');
    expect(() => validateInvitationTopic('ab')).toThrow('An invitation names its topic');
    expect(() => requireInvitationsOpen('SCHEDULED')).not.toThrow();
    expect(() => requireInvitationsOpen('HELD')).toThrow(
      new Conflict('The meeting is held; invitations are closed', 'meetingId'),
    );
    expect(() => requireRepresentative('rep', 'STAFF_COUNCIL_REPRESENTATIVE')).not.toThrow();
    expect(() => requireRepresentative('mayor', 'MAYOR')).toThrow(
      'mayor is not a staff-council representative',
    );
  });

  it('makes a new invitation, or grants the council its pending request', () => {
    expect(invitationOutcome('rep', null, false)).toEqual({ kind: 'NEW', status: 'INVITED' });
    expect(invitationOutcome('rep', null, true)).toEqual({ kind: 'NEW', status: 'REQUESTED' });
    expect(invitationOutcome('rep', { status: 'REQUESTED' }, false)).toEqual({
      kind: 'INVITE_REQUESTED',
    });
    expect(() => invitationOutcome('rep', { status: 'REQUESTED' }, true)).toThrow(
      new Conflict('rep already has an invitation to this meeting (requested)', 'personId'),
    );
    expect(() => invitationOutcome('rep', { status: 'DECLINED' }, false)).toThrow(Conflict);
  });

  it('answers a request once, while the meeting is scheduled', () => {
    expect(answerToRequest('SCHEDULED', 'REQUESTED', true)).toBe('INVITED');
    expect(answerToRequest('SCHEDULED', 'REQUESTED', false)).toBe('DECLINED');
    expect(() => answerToRequest('SCHEDULED', 'INVITED', true)).toThrow(
      'This invitation is already invited',
    );
    // The meeting's state is said first.
    expect(() => answerToRequest('CANCELLED', 'INVITED', true)).toThrow(
      new Conflict(
        'The meeting is cancelled; the request can no longer be answered',
        'invitationId',
      ),
    );
  });
});
