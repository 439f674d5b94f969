import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { keysetPage, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { isUuid, onlyUuids } from '@jobcenter/db';
import type { AbstentionRule, ResolutionStatus, Vote } from '../domain/decision';

export interface ResolutionRecord {
  id: string;
  number: string;
  agendaItemId: string;
  meetingId: string;
  submissionId: string;
  status: ResolutionStatus;
  abstentionRule: AbstentionRule;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface VoteRecord {
  resolutionId: string;
  seatId: string;
  vote: Vote;
  castBy: string;
  castAt: Date;
}

interface ResolutionRow {
  id: string;
  number: string;
  agenda_item_id: string;
  meeting_id: string;
  submission_id: string;
  status: ResolutionStatus;
  abstention_rule: AbstentionRule;
  decided_by: string | null;
  decided_at: Date | null;
}

const RESOLUTIONS_WITH_AGENDA = 'resolution r JOIN agenda_item a ON a.id = r.agenda_item_id';
const SELECT = `SELECT r.*, a.meeting_id, a.submission_id FROM ${RESOLUTIONS_WITH_AGENDA}`;

const toRecord = (row: ResolutionRow): ResolutionRecord => ({
  id: row.id,
  number: row.number,
  agendaItemId: row.agenda_item_id,
  meetingId: row.meeting_id,
  submissionId: row.submission_id,
  status: row.status,
  abstentionRule: row.abstention_rule,
  decidedBy: row.decided_by,
  decidedAt: row.decided_at,
});

/** Resolutions (`resolution`, with their agenda item's meeting and submission) and their votes (`vote`). */
export class ResolutionsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** A resolution open for voting on an agenda item. */
  async insertVoting(
    number: string,
    agendaItemId: string,
    abstentionRule: AbstentionRule,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO resolution (id, number, agenda_item_id, status, abstention_rule) VALUES ($1, $2, $3, 'VOTING', $4)`,
      [randomUUID(), number, agendaItemId, abstentionRule],
    );
  }

  /** The resolution, locked until the transaction ends; null when there is none. */
  async lock(id: string): Promise<ResolutionRecord | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.manager.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    return row ? toRecord(row) : null;
  }

  async setStatus(
    id: string,
    status: ResolutionStatus,
    decidedBy: string | null,
    decidedAt: Date | null,
  ): Promise<void> {
    await this.manager.query(
      'UPDATE resolution SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1',
      [id, status, decidedBy, decidedAt],
    );
  }

  async insertVote(vote: VoteRecord): Promise<void> {
    await this.manager.query(
      'INSERT INTO vote (resolution_id, seat_id, vote, cast_by, cast_at) VALUES ($1, $2, $3, $4, $5)',
      [vote.resolutionId, vote.seatId, vote.vote, vote.castBy, vote.castAt],
    );
  }

  /** The votes cast on the resolution, by seat. */
  async votesOf(resolutionId: string): Promise<Map<string, Vote>> {
    const rows: { seat_id: string; vote: Vote }[] = await this.manager.query(
      'SELECT seat_id, vote FROM vote WHERE resolution_id = $1',
      [resolutionId],
    );
    return new Map(rows.map((row) => [row.seat_id, row.vote]));
  }

  async byIds(ids: readonly string[]): Promise<ResolutionRecord[]> {
    return (
      await this.manager.query(`${SELECT} WHERE r.id = ANY($1::uuid[])`, [onlyUuids(ids)])
    ).map(toRecord);
  }

  /** The resolutions of some statuses (all: null), by number. */
  async list(statuses: readonly ResolutionStatus[] | null): Promise<ResolutionRecord[]> {
    const rows = await this.manager.query(
      `${SELECT} WHERE ($1::text[] IS NULL OR r.status = ANY($1)) ORDER BY r.number`,
      [statuses],
    );
    return rows.map(toRecord);
  }

  /** A page of the resolutions by number, optionally of some statuses. */
  page(
    statuses: readonly ResolutionStatus[] | null,
    page: PageArguments,
  ): Promise<Connection<ResolutionRecord>> {
    return keysetPage(
      this.manager,
      {
        name: 'resolutions',
        select: 'r.*, a.meeting_id, a.submission_id',
        from: RESOLUTIONS_WITH_AGENDA,
        where: ['($1::text[] IS NULL OR r.status = ANY($1))'],
        parameters: [statuses],
        orderBy: [
          { expression: 'r.number', type: 'text' },
          { expression: 'r.id', type: 'uuid' },
        ],
        toNode: toRecord,
      },
      page,
    );
  }

  async ofMeetings(meetingIds: readonly string[]): Promise<ResolutionRecord[]> {
    return (
      await this.manager.query(`${SELECT} WHERE a.meeting_id = ANY($1::uuid[]) ORDER BY r.number`, [
        [...meetingIds],
      ])
    ).map(toRecord);
  }

  /** The votes on the resolutions, in the order they were cast. */
  async votesOfMany(resolutionIds: readonly string[]): Promise<VoteRecord[]> {
    const rows: {
      resolution_id: string;
      seat_id: string;
      vote: Vote;
      cast_by: string;
      cast_at: Date;
    }[] = await this.manager.query(
      'SELECT * FROM vote WHERE resolution_id = ANY($1::uuid[]) ORDER BY cast_at',
      [[...resolutionIds]],
    );
    return rows.map((row) => ({
      resolutionId: row.resolution_id,
      seatId: row.seat_id,
      vote: row.vote,
      castBy: row.cast_by,
      castAt: row.cast_at,
    }));
  }
}
