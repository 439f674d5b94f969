import {
  isYearMonth,
  monthsBetween as allMonthsBetween,
  RuleViolation,
  type YearMonth,
} from '@jobcenter/kernel';
import type { SeatRole } from './board';

/** The months from `from` to `to` inclusive; refuses a month not written YYYY-MM or a reversed range. */
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
