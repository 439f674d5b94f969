import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Conflict,
  NotFound,
  RuleViolation,
  keysetPage,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import type { YearMonth } from '@jobcenter/kernel';
import { checkAttendance, monthsWithoutMeeting, type SeatAttendance } from '../domain/meetings';
import type { SeatRole } from '../domain/board';
import { nextReference, yearInGermany } from './submissions';
import { currentRulesOfProcedure } from './rules-of-procedure';
import { isUuid, onlyUuids } from '@jobcenter/db';

export type Body = 'BOARD' | 'STEERING_COMMITTEE';
export type MeetingStatus = 'SCHEDULED' | 'HELD' | 'CANCELLED';

export interface MeetingRecord {
  id: string;
  body: Body;
  scheduledFor: Date;
  status: MeetingStatus;
  heldAt: Date | null;
}

export interface AgendaItemRecord {
  id: string;
  meetingId: string;
  position: number;
  submissionId: string;
}

export interface AttendanceRecord {
  meetingId: string;
  seatId: string;
  role: SeatRole;
  attendedBy: 'MEMBER' | 'SUBSTITUTE';
  personId: string;
}

const toMeeting = (row: {
  id: string;
  body: Body;
  scheduled_for: Date;
  status: MeetingStatus;
  held_at: Date | null;
}): MeetingRecord => ({
  id: row.id,
  body: row.body,
  scheduledFor: row.scheduled_for,
  status: row.status,
  heldAt: row.held_at,
});

/** Board meetings (Sitzungen): scheduled, given an agenda of submissions, held with attendance. */
export class Meetings {
  constructor(private readonly dataSource: DataSource) {}

  async schedule(body: Body, scheduledFor: Date): Promise<MeetingRecord> {
    if (Number.isNaN(scheduledFor.getTime()))
      throw new RuleViolation('scheduledFor must be a date and time', 'scheduledFor');
    const row = {
      id: randomUUID(),
      body,
      scheduled_for: scheduledFor,
      status: 'SCHEDULED' as const,
      held_at: null,
    };
    await this.dataSource.query(
      'INSERT INTO meeting (id, body, scheduled_for, status) VALUES ($1, $2, $3, $4)',
      [row.id, body, scheduledFor, row.status],
    );
    return toMeeting(row);
  }

  /** Every agenda item is a written submission (docs/rules.md#rule-3): no item without one. */
  async addAgendaItem(
    meetingId: string,
    submissionId: string | null | undefined,
  ): Promise<AgendaItemRecord> {
    if (!submissionId)
      throw new RuleViolation(
        'An agenda item needs a written submission (Vorlage)',
        'submissionId',
      );
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeeting(manager, meetingId);
      if (meeting.status !== 'SCHEDULED')
        throw new Conflict(
          `The meeting is ${meeting.status.toLowerCase()}; its agenda is closed`,
          'meetingId',
        );
      const [submission] = isUuid(submissionId)
        ? await manager.query('SELECT id FROM submission WHERE id = $1', [submissionId])
        : [];
      if (!submission) throw new NotFound(`There is no submission ${submissionId}`, 'submissionId');
      const [already] = await manager.query(
        'SELECT 1 FROM agenda_item WHERE meeting_id = $1 AND submission_id = $2',
        [meetingId, submissionId],
      );
      if (already)
        throw new Conflict(
          'This submission is already on the agenda of this meeting',
          'submissionId',
        );
      const [{ next }] = await manager.query(
        'SELECT coalesce(max(position), 0) + 1 AS next FROM agenda_item WHERE meeting_id = $1',
        [meetingId],
      );
      const item = { id: randomUUID(), meetingId, position: Number(next), submissionId };
      await manager.query(
        'INSERT INTO agenda_item (id, meeting_id, position, submission_id) VALUES ($1, $2, $3, $4)',
        [item.id, meetingId, item.position, submissionId],
      );
      return item;
    });
  }

  /**
   * Holds the meeting: records who attended (members, or substitutes standing in) and the
   * staff-council guests, and opens a resolution on every agenda item.
   */
  async hold(
    meetingId: string,
    attendance: readonly Omit<SeatAttendance, 'role'>[],
    guestIds: readonly string[],
    heldAtGiven: Date | null,
  ): Promise<MeetingRecord> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeeting(manager, meetingId);
      if (meeting.status !== 'SCHEDULED')
        throw new Conflict(`The meeting is already ${meeting.status.toLowerCase()}`, 'meetingId');
      const heldAt = heldAtGiven ?? meeting.scheduledFor;
      if (meeting.body === 'STEERING_COMMITTEE' && attendance.length > 0) {
        throw new RuleViolation(
          'Attendance records board seats; a steering committee meeting is held without them and takes no resolutions',
          'attendance',
        );
      }
      if (heldAt.getTime() > Date.now() + 60_000) {
        throw new RuleViolation(
          'A meeting is recorded as held once it has taken place, not before',
          'heldAt',
        );
      }
      const seats = new Map(
        (
          (await manager.query('SELECT id, role, member_id, substitute_id FROM board_seat')) as {
            id: string;
            role: SeatRole;
            member_id: string;
            substitute_id: string | null;
          }[]
        ).map((seat) => [seat.id, seat]),
      );
      const withRoles = attendance.map((entry) => ({
        ...entry,
        role: seats.get(entry.seatId)?.role ?? 'CITY_REPRESENTATIVE',
      }));
      checkAttendance(
        withRoles,
        new Map(
          [...seats].map(([id, seat]) => [
            id,
            { role: seat.role, hasSubstitute: Boolean(seat.substitute_id) },
          ]),
        ),
      );
      if (meeting.body === 'BOARD' && attendance.length === 0)
        throw new RuleViolation('A meeting is held with at least one member present', 'attendance');
      for (const entry of withRoles) {
        const seat = seats.get(entry.seatId)!;
        const personId = entry.attendedBy === 'MEMBER' ? seat.member_id : seat.substitute_id!;
        await manager.query(
          'INSERT INTO attendance (meeting_id, seat_id, role, attended_by, person_id) VALUES ($1, $2, $3, $4, $5)',
          [meetingId, entry.seatId, seat.role, entry.attendedBy, personId],
        );
      }
      const guests: { id: string; office: string }[] = guestIds.length
        ? await manager.query('SELECT id, office FROM person WHERE id = ANY($1)', [[...guestIds]])
        : [];
      if (new Set(guestIds).size !== guestIds.length) {
        throw new RuleViolation('A guest is listed twice', 'guestIds');
      }
      for (const guestId of guestIds) {
        const guest = guests.find((candidate) => candidate.id === guestId);
        if (!guest) throw new NotFound(`There is no person ${guestId}`, 'guestIds');
        if (guest.office !== 'STAFF_COUNCIL_REPRESENTATIVE') {
          throw new RuleViolation(
            `${guestId} is not a staff-council representative; only they attend as guests`,
            'guestIds',
          );
        }
        const [invitation] = await manager.query(
          `SELECT 1 FROM invitation WHERE meeting_id = $1 AND person_id = $2 AND status = 'INVITED'`,
          [meetingId, guestId],
        );
        if (!invitation) {
          throw new RuleViolation(
            `${guestId} was not invited to this meeting; staff-council guests come by invitation`,
            'guestIds',
          );
        }
        await manager.query('INSERT INTO meeting_guest (meeting_id, person_id) VALUES ($1, $2)', [
          meetingId,
          guestId,
        ]);
      }
      await manager.query(`UPDATE meeting SET status = 'HELD', held_at = $2 WHERE id = $1`, [
        meetingId,
        heldAt,
      ]);
      // The board decides; the steering committee's meetings are recorded without resolutions.
      if (meeting.body === 'STEERING_COMMITTEE') return { ...meeting, status: 'HELD', heldAt };
      const rules = await currentRulesOfProcedure(manager);
      const items: { id: string }[] = await manager.query(
        'SELECT id FROM agenda_item WHERE meeting_id = $1 ORDER BY position',
        [meetingId],
      );
      for (const item of items) {
        const number = await nextReference(manager, 'resolution', 'B', yearInGermany(heldAt));
        await manager.query(
          `INSERT INTO resolution (id, number, agenda_item_id, status, abstention_rule) VALUES ($1, $2, $3, 'VOTING', $4)`,
          [randomUUID(), number, item.id, rules.abstentionRule],
        );
      }
      return { ...meeting, status: 'HELD', heldAt };
    });
  }

  async cancel(meetingId: string): Promise<MeetingRecord> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.lockMeeting(manager, meetingId);
      if (meeting.status !== 'SCHEDULED')
        throw new Conflict(`The meeting is already ${meeting.status.toLowerCase()}`, 'meetingId');
      await manager.query(`UPDATE meeting SET status = 'CANCELLED' WHERE id = $1`, [meetingId]);
      return { ...meeting, status: 'CANCELLED' };
    });
  }

  /** Months of the range in which the board held no meeting (a compliance finding). */
  async monthsWithoutBoardMeeting(from: YearMonth, to: YearMonth): Promise<YearMonth[]> {
    const rows: { month: string }[] = await this.dataSource.query(
      `SELECT DISTINCT to_char(held_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month FROM meeting WHERE body = 'BOARD' AND status = 'HELD'`,
    );
    return monthsWithoutMeeting(
      from,
      to,
      rows.map((row) => row.month),
    );
  }

  async byIds(ids: readonly string[]): Promise<MeetingRecord[]> {
    return (
      await this.dataSource.query('SELECT * FROM meeting WHERE id = ANY($1::uuid[])', [
        onlyUuids(ids),
      ])
    ).map(toMeeting);
  }

  async list(body: Body | null, from: Date | null, to: Date | null): Promise<MeetingRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM meeting WHERE ($1::text IS NULL OR body = $1) AND ($2::timestamptz IS NULL OR scheduled_for >= $2)
         AND ($3::timestamptz IS NULL OR scheduled_for < $3) ORDER BY scheduled_for`,
      [body, from, to],
    );
    return rows.map(toMeeting);
  }

  /** A page of the meetings in the order of `list` (scheduled date). */
  page(
    body: Body | null,
    from: Date | null,
    to: Date | null,
    page: PageArguments,
  ): Promise<Connection<MeetingRecord>> {
    return keysetPage(
      this.dataSource,
      {
        name: 'meetings',
        select: '*',
        from: 'meeting',
        where: [
          '($1::text IS NULL OR body = $1)',
          '($2::timestamptz IS NULL OR scheduled_for >= $2)',
          '($3::timestamptz IS NULL OR scheduled_for < $3)',
        ],
        parameters: [body, from, to],
        orderBy: [
          { expression: 'scheduled_for', type: 'timestamptz' },
          { expression: 'id', type: 'uuid' },
        ],
        toNode: toMeeting,
      },
      page,
    );
  }

  async agendaOf(meetingIds: readonly string[]): Promise<AgendaItemRecord[]> {
    const rows: { id: string; meeting_id: string; position: number; submission_id: string }[] =
      await this.dataSource.query(
        'SELECT * FROM agenda_item WHERE meeting_id = ANY($1::uuid[]) ORDER BY meeting_id, position',
        [[...meetingIds]],
      );
    return rows.map((row) => ({
      id: row.id,
      meetingId: row.meeting_id,
      position: row.position,
      submissionId: row.submission_id,
    }));
  }

  async attendanceOf(meetingIds: readonly string[]): Promise<AttendanceRecord[]> {
    const rows: {
      meeting_id: string;
      seat_id: string;
      role: SeatRole;
      attended_by: 'MEMBER' | 'SUBSTITUTE';
      person_id: string;
    }[] = await this.dataSource.query(
      'SELECT * FROM attendance WHERE meeting_id = ANY($1::uuid[])',
      [[...meetingIds]],
    );
    return rows.map((row) => ({
      meetingId: row.meeting_id,
      seatId: row.seat_id,
      role: row.role,
      attendedBy: row.attended_by,
      personId: row.person_id,
    }));
  }

  async guestsOf(
    meetingIds: readonly string[],
  ): Promise<{ meetingId: string; personId: string }[]> {
    const rows: { meeting_id: string; person_id: string }[] = await this.dataSource.query(
      'SELECT * FROM meeting_guest WHERE meeting_id = ANY($1::uuid[])',
      [[...meetingIds]],
    );
    return rows.map((row) => ({ meetingId: row.meeting_id, personId: row.person_id }));
  }

  private async lockMeeting(manager: EntityManager, meetingId: string): Promise<MeetingRecord> {
    const [row] = isUuid(meetingId)
      ? await manager.query('SELECT * FROM meeting WHERE id = $1 FOR UPDATE', [meetingId])
      : [];
    if (!row) throw new NotFound(`There is no meeting ${meetingId}`, 'meetingId');
    return toMeeting(row);
  }
}
