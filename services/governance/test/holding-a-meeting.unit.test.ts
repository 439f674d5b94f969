import { Conflict, NotFound, RuleViolation } from '@jobcenter/subgraph-server';
import {
  decideHolding,
  requireAgendaSubmission,
  requireOpenAgenda,
  requireScheduled,
  validateScheduledFor,
  type HoldingFacts,
  type HoldingRequest,
} from '../src/domain/meetings';

const NOW = new Date('2026-03-10T12:00:00Z');
const SCHEDULED_FOR = new Date('2026-03-10T09:00:00Z');

const SEATS: HoldingFacts['seats'] = new Map([
  ['chair', { role: 'CHAIR' as const, memberId: 'landrat', substituteId: null }],
  ['deputy', { role: 'DEPUTY_CHAIR' as const, memberId: 'fb', substituteId: null }],
  [
    'small-cities',
    { role: 'CITY_REPRESENTATIVE' as const, memberId: 'dezernent-datteln', substituteId: 'mayor' },
  ],
]);

const aRequest = (overrides: Partial<HoldingRequest> = {}): HoldingRequest => ({
  meeting: { body: 'BOARD', status: 'SCHEDULED', scheduledFor: SCHEDULED_FOR },
  attendance: [{ seatId: 'chair', attendedBy: 'MEMBER' }],
  guestIds: [],
  heldAt: null,
  ...overrides,
});

const facts = (overrides: Partial<HoldingFacts> = {}): HoldingFacts => ({
  seats: SEATS,
  guestOffices: new Map([
    ['council-a', 'STAFF_COUNCIL_REPRESENTATIVE' as const],
    ['council-b', 'STAFF_COUNCIL_REPRESENTATIVE' as const],
    ['mayor', 'MAYOR' as const],
  ]),
  invitedGuestIds: new Set(['council-a']),
  now: NOW,
  ...overrides,
});

/** The error a decision throws, to compare its class, message and field. */
const refusal = (request: HoldingRequest, given = facts()) => {
  try {
    decideHolding(request, given);
  } catch (error) {
    return error as Error & { field?: string };
  }
  throw new Error('the meeting was held');
};

describe('holding a meeting (pure decision)', () => {
  it('records a board meeting at its scheduled time with the people who held the seats', () => {
    const holding = decideHolding(
      aRequest({
        attendance: [
          { seatId: 'chair', attendedBy: 'MEMBER' },
          { seatId: 'small-cities', attendedBy: 'SUBSTITUTE' },
        ],
        guestIds: ['council-a'],
      }),
      facts(),
    );
    expect(holding).toEqual({
      heldAt: SCHEDULED_FOR,
      attendance: [
        { seatId: 'chair', role: 'CHAIR', attendedBy: 'MEMBER', personId: 'landrat' },
        {
          seatId: 'small-cities',
          role: 'CITY_REPRESENTATIVE',
          attendedBy: 'SUBSTITUTE',
          personId: 'mayor',
        },
      ],
      guestIds: ['council-a'],
      opensResolutions: true,
    });
  });

  it('takes the time given, up to a minute ahead of the clock', () => {
    const heldAt = new Date(NOW.getTime() + 60_000);
    expect(decideHolding(aRequest({ heldAt }), facts()).heldAt).toEqual(heldAt);
    const tooEarly = refusal(aRequest({ heldAt: new Date(NOW.getTime() + 60_001) }));
    expect(tooEarly).toBeInstanceOf(RuleViolation);
    expect(tooEarly.message).toBe(
      'A meeting is recorded as held once it has taken place, not before',
    );
    expect(tooEarly.field).toBe('heldAt');
  });

  it('holds a steering committee meeting without seats and without resolutions', () => {
    const steering = aRequest({
      meeting: { body: 'STEERING_COMMITTEE', status: 'SCHEDULED', scheduledFor: SCHEDULED_FOR },
      attendance: [],
    });
    expect(decideHolding(steering, facts())).toMatchObject({
      attendance: [],
      opensResolutions: false,
    });
    const withSeats = refusal({
      ...steering,
      attendance: [{ seatId: 'chair', attendedBy: 'MEMBER' }],
    });
    expect(withSeats).toBeInstanceOf(RuleViolation);
    expect(withSeats.field).toBe('attendance');
  });

  it('holds only a scheduled meeting, and says that first', () => {
    for (const status of ['HELD', 'CANCELLED'] as const) {
      const error = refusal(
        aRequest({
          meeting: { body: 'BOARD', status, scheduledFor: SCHEDULED_FOR },
          attendance: [],
          heldAt: new Date(NOW.getTime() + 3_600_000),
        }),
      );
      expect(error).toBeInstanceOf(Conflict);
      expect(error.message).toBe(`The meeting is already ${status.toLowerCase()}`);
    }
  });

  it('needs at least one seat present at a board meeting', () => {
    const error = refusal(aRequest({ attendance: [] }));
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error.message).toBe('A meeting is held with at least one member present');
  });

  it('refuses unknown seats, a seat listed twice and a substitute the seat does not have', () => {
    expect(
      refusal(aRequest({ attendance: [{ seatId: 'nowhere', attendedBy: 'MEMBER' }] })).message,
    ).toBe('There is no board seat "nowhere"');
    expect(
      refusal(
        aRequest({
          attendance: [
            { seatId: 'chair', attendedBy: 'MEMBER' },
            { seatId: 'chair', attendedBy: 'MEMBER' },
          ],
        }),
      ).message,
    ).toBe('Seat "chair" is listed twice');
    expect(
      refusal(aRequest({ attendance: [{ seatId: 'deputy', attendedBy: 'SUBSTITUTE' }] })).message,
    ).toBe('Seat "deputy" has no substitute who could stand in');
  });

  it('admits as guests only invited staff-council representatives, each once', () => {
    const twice = refusal(aRequest({ guestIds: ['council-a', 'council-a'] }));
    expect(twice).toBeInstanceOf(RuleViolation);
    expect(twice.message).toBe('A guest is listed twice');

    const unknown = refusal(aRequest({ guestIds: ['nobody'] }));
    expect(unknown).toBeInstanceOf(NotFound);
    expect(unknown.message).toBe('There is no person nobody');

    const mayor = refusal(aRequest({ guestIds: ['mayor'] }));
    expect(mayor).toBeInstanceOf(RuleViolation);
    expect(mayor.message).toBe(
      'mayor is not a staff-council representative; only they attend as guests',
    );

    const uninvited = refusal(aRequest({ guestIds: ['council-a', 'council-b'] }));
    expect(uninvited).toBeInstanceOf(RuleViolation);
    expect(uninvited.message).toBe(
      'council-b was not invited to this meeting; staff-council guests come by invitation',
    );
    expect(uninvited.field).toBe('guestIds');
  });
});

describe('scheduling and the agenda', () => {
  it('schedules for a valid date and time only', () => {
    expect(() => validateScheduledFor(SCHEDULED_FOR)).not.toThrow();
    expect(() => validateScheduledFor(new Date('not a date'))).toThrow(
      new RuleViolation('scheduledFor must be a date and time', 'scheduledFor'),
    );
  });

  it('puts only written submissions on the agenda of a scheduled meeting', () => {
    expect(() => requireAgendaSubmission(null)).toThrow(RuleViolation);
    expect(() => requireAgendaSubmission('')).toThrow(
      'An agenda item needs a written submission (Vorlage)',
    );
    expect(() => requireAgendaSubmission('a-submission')).not.toThrow();
    expect(() => requireOpenAgenda({ status: 'SCHEDULED' })).not.toThrow();
    expect(() => requireOpenAgenda({ status: 'HELD' })).toThrow(
      new Conflict('The meeting is held; its agenda is closed', 'meetingId'),
    );
  });

  it('cancels only a scheduled meeting', () => {
    expect(() => requireScheduled({ status: 'SCHEDULED' })).not.toThrow();
    expect(() => requireScheduled({ status: 'CANCELLED' })).toThrow(
      'The meeting is already cancelled',
    );
  });
});
