import {
  Conflict,
  isYearMonth,
  monthsBetween as allMonthsBetween,
  NotFound,
  RuleViolation,
  type YearMonth,
} from '@jobcenter/kernel';
import type { Office, SeatRole } from './board';

/** The board (Vorstand) decides; the steering committee (Lenkungsausschuss) meets without resolutions. */
export type Body = 'BOARD' | 'STEERING_COMMITTEE';
export type MeetingStatus = 'SCHEDULED' | 'HELD' | 'CANCELLED';

export function monthsBetween(from: YearMonth, to: YearMonth): YearMonth[] {
  if (!isYearMonth(from)) throw new RuleViolation(`from must be YYYY-MM, got ${from}`, 'from');
  if (!isYearMonth(to)) throw new RuleViolation(`to must be YYYY-MM, got ${to}`, 'to');
  if (to < from) throw new RuleViolation(`to (${to}) must not be before from (${from})`, 'to');
  return allMonthsBetween(from, to);
}

/** The board meets at least monthly (docs/rules.md#rule-3): the months of a range without a held meeting. */
export function monthsWithoutMeeting(
  from: YearMonth,
  to: YearMonth,
  heldMeetingMonths: Iterable<YearMonth>,
): YearMonth[] {
  const held = new Set(heldMeetingMonths);
  return monthsBetween(from, to).filter((month) => !held.has(month));
}

export interface SeatAttendance {
  seatId: string;
  role: SeatRole;
  attendedBy: 'MEMBER' | 'SUBSTITUTE';
}

/** Who attended a meeting; a substitute stands in only for a seat that has one and whose member is absent. */
export function checkAttendance(
  attendance: readonly SeatAttendance[],
  seats: ReadonlyMap<string, { role: SeatRole; hasSubstitute: boolean }>,
): void {
  const seen = new Set<string>();
  for (const entry of attendance) {
    const seat = seats.get(entry.seatId);
    if (!seat)
      throw new RuleViolation(`There is no board seat "${entry.seatId}"`, 'attendance.seatId');
    if (seen.has(entry.seatId))
      throw new RuleViolation(`Seat "${entry.seatId}" is listed twice`, 'attendance.seatId');
    seen.add(entry.seatId);
    if (entry.attendedBy === 'SUBSTITUTE' && !seat.hasSubstitute) {
      throw new RuleViolation(
        `Seat "${entry.seatId}" has no substitute who could stand in`,
        'attendance.attendedBy',
      );
    }
  }
}

/** A meeting is scheduled for a date and time. */
export function validateScheduledFor(scheduledFor: Date): void {
  if (Number.isNaN(scheduledFor.getTime()))
    throw new RuleViolation('scheduledFor must be a date and time', 'scheduledFor');
}

/** A meeting is held or cancelled once, while it is scheduled. */
export function requireScheduled(meeting: { status: MeetingStatus }): void {
  if (meeting.status !== 'SCHEDULED')
    throw new Conflict(`The meeting is already ${meeting.status.toLowerCase()}`, 'meetingId');
}

/** Every agenda item is a written submission (docs/rules.md#rule-3): no item without one. */
export function requireAgendaSubmission(
  submissionId: string | null | undefined,
): asserts submissionId is string {
  if (!submissionId)
    throw new RuleViolation('An agenda item needs a written submission (Vorlage)', 'submissionId');
}

/** The agenda is open while the meeting is scheduled. */
export function requireOpenAgenda(meeting: { status: MeetingStatus }): void {
  if (meeting.status !== 'SCHEDULED')
    throw new Conflict(
      `The meeting is ${meeting.status.toLowerCase()}; its agenda is closed`,
      'meetingId',
    );
}

/** How far ahead of the clock a meeting may be recorded as held (clocks differ a little). */
const HELD_AT_TOLERANCE_MS = 60_000;

/** What the board office records of a meeting held. */
export interface HoldingRequest {
  meeting: { body: Body; status: MeetingStatus; scheduledFor: Date };
  /** The seats present, each by its member or the substitute standing in. */
  attendance: readonly Omit<SeatAttendance, 'role'>[];
  /** The staff-council representatives who attended as guests. */
  guestIds: readonly string[];
  /** When it was held; null: when it was scheduled. */
  heldAt: Date | null;
}

/** What the decision needs to know of the board and the meeting's invitations. */
export interface HoldingFacts {
  /** Every board seat by id, with who holds it. */
  seats: ReadonlyMap<string, { role: SeatRole; memberId: string; substituteId: string | null }>;
  /** The office of each of the guests who exists. */
  guestOffices: ReadonlyMap<string, Office>;
  /** The guests with an accepted invitation to this meeting. */
  invitedGuestIds: ReadonlySet<string>;
  now: Date;
}

/** A meeting held: its attendance as recorded, its guests, and whether it takes resolutions. */
export interface Holding {
  heldAt: Date;
  attendance: (SeatAttendance & { personId: string })[];
  guestIds: readonly string[];
  /** The board decides on every agenda item; the steering committee takes no resolutions. */
  opensResolutions: boolean;
}

/**
 * Whether a meeting may be recorded as held, and how (docs/rules.md#rule-3 and #rule-5): only a scheduled
 * meeting, not before it took place; a board meeting with at least one seat present, by its member
 * or a substitute the seat has (checkAttendance); a steering committee meeting without board seats;
 * guests only staff-council representatives, each once and by invitation. Throws the first rule
 * broken.
 */
export function decideHolding(request: HoldingRequest, facts: HoldingFacts): Holding {
  const { meeting, attendance, guestIds } = request;
  requireScheduled(meeting);
  const heldAt = request.heldAt ?? meeting.scheduledFor;
  if (meeting.body === 'STEERING_COMMITTEE' && attendance.length > 0) {
    throw new RuleViolation(
      'Attendance records board seats; a steering committee meeting is held without them and takes no resolutions',
      'attendance',
    );
  }
  if (heldAt.getTime() > facts.now.getTime() + HELD_AT_TOLERANCE_MS) {
    throw new RuleViolation(
      'A meeting is recorded as held once it has taken place, not before',
      'heldAt',
    );
  }
  const withRoles = attendance.map((entry) => ({
    ...entry,
    role: facts.seats.get(entry.seatId)?.role ?? 'CITY_REPRESENTATIVE',
  }));
  checkAttendance(
    withRoles,
    new Map(
      [...facts.seats].map(([id, seat]) => [
        id,
        { role: seat.role, hasSubstitute: Boolean(seat.substituteId) },
      ]),
    ),
  );
  if (meeting.body === 'BOARD' && attendance.length === 0)
    throw new RuleViolation('A meeting is held with at least one member present', 'attendance');
  if (new Set(guestIds).size !== guestIds.length) {
    throw new RuleViolation('A guest is listed twice', 'guestIds');
  }
  for (const guestId of guestIds) {
    const office = facts.guestOffices.get(guestId);
    if (!office) throw new NotFound(`There is no person ${guestId}`, 'guestIds');
    if (office !== 'STAFF_COUNCIL_REPRESENTATIVE') {
      throw new RuleViolation(
        `${guestId} is not a staff-council representative; only they attend as guests`,
        'guestIds',
      );
    }
    if (!facts.invitedGuestIds.has(guestId)) {
      throw new RuleViolation(
        `${guestId} was not invited to this meeting; staff-council guests come by invitation`,
        'guestIds',
      );
    }
  }
  return {
    heldAt,
    attendance: withRoles.map((entry) => {
      const seat = facts.seats.get(entry.seatId)!;
      return {
        ...entry,
        role: seat.role,
        personId: entry.attendedBy === 'MEMBER' ? seat.memberId : seat.substituteId!,
      };
    }),
    guestIds,
    opensResolutions: meeting.body === 'BOARD',
  };
}
