import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { YearMonth } from '@jobcenter/kernel';
import {
  Conflict,
  NotFound,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import {
  decideHolding,
  monthsWithoutMeeting,
  requireAgendaSubmission,
  requireOpenAgenda,
  requireScheduled,
  validateScheduledFor,
  type Body,
  type MeetingStatus,
  type SeatAttendance,
} from '../domain/meetings';
import { yearInGermany } from '../domain/references';
import { currentRulesOfProcedure } from './rules-of-procedure';
import { AttendanceRepository, type AttendanceRecord } from '../repositories/attendance.repository';
import { BoardRepository } from '../repositories/board.repository';
import {
  MeetingsRepository,
  type AgendaItemRecord,
  type MeetingRecord,
} from '../repositories/meetings.repository';
import { ReferencesRepository } from '../repositories/references.repository';
import { ResolutionsRepository } from '../repositories/resolutions.repository';
import { StaffCouncilRepository } from '../repositories/staff-council.repository';
import { SubmissionsRepository } from '../repositories/submissions.repository';

export type { AgendaItemRecord, AttendanceRecord, Body, MeetingRecord, MeetingStatus };

/** Board meetings (Sitzungen): scheduled, given an agenda of submissions, held with attendance. */
export class Meetings {
  constructor(private readonly dataSource: DataSource) {}

  async schedule(body: Body, scheduledFor: Date): Promise<MeetingRecord> {
    validateScheduledFor(scheduledFor);
    const meeting: MeetingRecord = {
      id: randomUUID(),
      body,
      scheduledFor,
      status: 'SCHEDULED',
      heldAt: null,
    };
    await new MeetingsRepository(this.dataSource.manager).insert(meeting);
    return meeting;
  }

  /** Every agenda item is a written submission (docs/rules.md#rule-3): no item without one. */
  async addAgendaItem(
    meetingId: string,
    submissionId: string | null | undefined,
  ): Promise<AgendaItemRecord> {
    requireAgendaSubmission(submissionId);
    return this.dataSource.transaction(async (manager) => {
      const meetings = new MeetingsRepository(manager);
      requireOpenAgenda(await this.lockMeeting(meetings, meetingId));
      if (!(await new SubmissionsRepository(manager).exists(submissionId)))
        throw new NotFound(`There is no submission ${submissionId}`, 'submissionId');
      if (await meetings.isOnAgenda(meetingId, submissionId))
        throw new Conflict(
          'This submission is already on the agenda of this meeting',
          'submissionId',
        );
      const item: AgendaItemRecord = {
        id: randomUUID(),
        meetingId,
        position: await meetings.nextAgendaPosition(meetingId),
        submissionId,
      };
      await meetings.insertAgendaItem(item);
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
    heldAt: Date | null,
  ): Promise<MeetingRecord> {
    return this.dataSource.transaction(async (manager) => {
      const meetings = new MeetingsRepository(manager);
      const meeting = await this.lockMeeting(meetings, meetingId);
      const board = new BoardRepository(manager);
      const holding = decideHolding(
        { meeting, attendance, guestIds, heldAt },
        {
          seats: await board.seatHolders(),
          guestOffices: guestIds.length ? await board.offices(guestIds) : new Map(),
          invitedGuestIds: await new StaffCouncilRepository(manager).invitedAmong(
            meetingId,
            guestIds,
          ),
          now: new Date(),
        },
      );
      const present = new AttendanceRepository(manager);
      await present.insert(holding.attendance.map((entry) => ({ meetingId, ...entry })));
      await present.insertGuests(meetingId, holding.guestIds);
      await meetings.markHeld(meetingId, holding.heldAt);
      const held: MeetingRecord = { ...meeting, status: 'HELD', heldAt: holding.heldAt };
      // The board decides; the steering committee's meetings are recorded without resolutions.
      if (!holding.opensResolutions) return held;
      const rules = await currentRulesOfProcedure(manager);
      const numbers = new ReferencesRepository(manager);
      const resolutions = new ResolutionsRepository(manager);
      for (const agendaItemId of await meetings.agendaItemIds(meetingId)) {
        const number = await numbers.next('resolution', 'B', yearInGermany(holding.heldAt));
        await resolutions.insertVoting(number, agendaItemId, rules.abstentionRule);
      }
      return held;
    });
  }

  async cancel(meetingId: string): Promise<MeetingRecord> {
    return this.dataSource.transaction(async (manager) => {
      const meetings = new MeetingsRepository(manager);
      const meeting = await this.lockMeeting(meetings, meetingId);
      requireScheduled(meeting);
      await meetings.markCancelled(meetingId);
      return { ...meeting, status: 'CANCELLED' };
    });
  }

  /** Months of the range in which the board held no meeting (a compliance finding). */
  async monthsWithoutBoardMeeting(from: YearMonth, to: YearMonth): Promise<YearMonth[]> {
    const held = await new MeetingsRepository(this.dataSource.manager).boardMeetingMonths();
    return monthsWithoutMeeting(from, to, held);
  }

  byIds(ids: readonly string[]): Promise<MeetingRecord[]> {
    return new MeetingsRepository(this.dataSource.manager).byIds(ids);
  }

  list(body: Body | null, from: Date | null, to: Date | null): Promise<MeetingRecord[]> {
    return new MeetingsRepository(this.dataSource.manager).list(body, from, to);
  }

  /** A page of the meetings in the order of `list` (scheduled date). */
  page(
    body: Body | null,
    from: Date | null,
    to: Date | null,
    page: PageArguments,
  ): Promise<Connection<MeetingRecord>> {
    return new MeetingsRepository(this.dataSource.manager).page(body, from, to, page);
  }

  agendaOf(meetingIds: readonly string[]): Promise<AgendaItemRecord[]> {
    return new MeetingsRepository(this.dataSource.manager).agendaOf(meetingIds);
  }

  attendanceOf(meetingIds: readonly string[]): Promise<AttendanceRecord[]> {
    return new AttendanceRepository(this.dataSource.manager).ofMeetings(meetingIds);
  }

  guestsOf(meetingIds: readonly string[]): Promise<{ meetingId: string; personId: string }[]> {
    return new AttendanceRepository(this.dataSource.manager).guestsOf(meetingIds);
  }

  private async lockMeeting(
    meetings: MeetingsRepository,
    meetingId: string,
  ): Promise<MeetingRecord> {
    const meeting = await meetings.lock(meetingId);
    if (!meeting) throw new NotFound(`There is no meeting ${meetingId}`, 'meetingId');
    return meeting;
  }
}
