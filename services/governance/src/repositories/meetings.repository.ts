import type { EntityManager } from 'typeorm';
import { keysetPage, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { isUuid, onlyUuids } from '@jobcenter/db';
import type { Body, MeetingStatus } from '../domain/meetings';

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

interface MeetingRow {
  id: string;
  body: Body;
  scheduled_for: Date;
  status: MeetingStatus;
  held_at: Date | null;
}

const toMeeting = (row: MeetingRow): MeetingRecord => ({
  id: row.id,
  body: row.body,
  scheduledFor: row.scheduled_for,
  status: row.status,
  heldAt: row.held_at,
});

const MEETING_FILTER = [
  '($1::text IS NULL OR body = $1)',
  '($2::timestamptz IS NULL OR scheduled_for >= $2)',
  '($3::timestamptz IS NULL OR scheduled_for < $3)',
];

/** Meetings (`meeting`) and their agendas (`agenda_item`). */
export class MeetingsRepository {
  constructor(private readonly manager: EntityManager) {}

  async count(): Promise<number> {
    const [{ n }] = await this.manager.query('SELECT count(*)::int AS n FROM meeting');
    return n;
  }

  async insert(meeting: MeetingRecord): Promise<void> {
    await this.manager.query(
      'INSERT INTO meeting (id, body, scheduled_for, status) VALUES ($1, $2, $3, $4)',
      [meeting.id, meeting.body, meeting.scheduledFor, meeting.status],
    );
  }

  /** The meeting, locked until the transaction ends; null when there is none. */
  async lock(id: string): Promise<MeetingRecord | null> {
    const [row] = isUuid(id)
      ? await this.manager.query('SELECT * FROM meeting WHERE id = $1 FOR UPDATE', [id])
      : [];
    return row ? toMeeting(row) : null;
  }

  /** The meeting's status, its row locked until the transaction ends; null when there is none. */
  async lockStatus(id: string): Promise<MeetingStatus | null> {
    const [meeting] = isUuid(id)
      ? await this.manager.query('SELECT status FROM meeting WHERE id = $1 FOR UPDATE', [id])
      : [];
    return meeting?.status ?? null;
  }

  /** The meeting's status; null when there is none. */
  async statusOf(id: string): Promise<MeetingStatus | null> {
    const [meeting] = await this.manager.query('SELECT status FROM meeting WHERE id = $1', [id]);
    return meeting?.status ?? null;
  }

  async markHeld(id: string, heldAt: Date): Promise<void> {
    await this.manager.query(`UPDATE meeting SET status = 'HELD', held_at = $2 WHERE id = $1`, [
      id,
      heldAt,
    ]);
  }

  async markCancelled(id: string): Promise<void> {
    await this.manager.query(`UPDATE meeting SET status = 'CANCELLED' WHERE id = $1`, [id]);
  }

  /** The months (YYYY-MM, in Germany) in which the board held a meeting. */
  async boardMeetingMonths(): Promise<string[]> {
    const rows: { month: string }[] = await this.manager.query(
      `SELECT DISTINCT to_char(held_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month FROM meeting WHERE body = 'BOARD' AND status = 'HELD'`,
    );
    return rows.map((row) => row.month);
  }

  async byIds(ids: readonly string[]): Promise<MeetingRecord[]> {
    return (
      await this.manager.query('SELECT * FROM meeting WHERE id = ANY($1::uuid[])', [onlyUuids(ids)])
    ).map(toMeeting);
  }

  /** The meetings of a body (all without one) scheduled within from..to (either open), by date. */
  async list(body: Body | null, from: Date | null, to: Date | null): Promise<MeetingRecord[]> {
    const rows = await this.manager.query(
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
      this.manager,
      {
        name: 'meetings',
        select: '*',
        from: 'meeting',
        where: MEETING_FILTER,
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

  async isOnAgenda(meetingId: string, submissionId: string): Promise<boolean> {
    const [already] = await this.manager.query(
      'SELECT 1 FROM agenda_item WHERE meeting_id = $1 AND submission_id = $2',
      [meetingId, submissionId],
    );
    return Boolean(already);
  }

  /** The position after the meeting's last agenda item. */
  async nextAgendaPosition(meetingId: string): Promise<number> {
    const [{ next }] = await this.manager.query(
      'SELECT coalesce(max(position), 0) + 1 AS next FROM agenda_item WHERE meeting_id = $1',
      [meetingId],
    );
    return Number(next);
  }

  async insertAgendaItem(item: AgendaItemRecord): Promise<void> {
    await this.manager.query(
      'INSERT INTO agenda_item (id, meeting_id, position, submission_id) VALUES ($1, $2, $3, $4)',
      [item.id, item.meetingId, item.position, item.submissionId],
    );
  }

  /** The ids of the meeting's agenda items, in order. */
  async agendaItemIds(meetingId: string): Promise<string[]> {
    const items: { id: string }[] = await this.manager.query(
      'SELECT id FROM agenda_item WHERE meeting_id = $1 ORDER BY position',
      [meetingId],
    );
    return items.map((item) => item.id);
  }

  /** The agenda items of the meetings, each meeting's in order. */
  async agendaOf(meetingIds: readonly string[]): Promise<AgendaItemRecord[]> {
    const rows: { id: string; meeting_id: string; position: number; submission_id: string }[] =
      await this.manager.query(
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
}
