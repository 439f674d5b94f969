import type { DataSource, EntityManager } from 'typeorm';
import type { Outbox, SubmissionKind } from '@jobcenter/events';
import {
  NotFound,
  RuleViolation,
  keysetPage,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import {
  checkChairDecision,
  checkVote,
  isAdopted,
  statusAfterVotes,
  type AbstentionRule,
  type PresentSeat,
  type ResolutionStatus,
  type Vote,
} from '../domain/decision';
import { adoptRulesOfProcedure } from './rules-of-procedure';
import { concludeTargetAgreement } from './target-agreements';
import { isUuid, onlyUuids } from '@jobcenter/db';

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

/**
 * Resolutions (Beschlüsse) on the agenda items of held meetings: the present members vote, the
 * chair decides on dissent, and every adopted resolution is published with its proposal.
 */
export class Resolutions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Records the vote of the seat that `personId` holds at this meeting (as member or as the
   * substitute standing in). Completing the vote adopts by consensus or opens dissent.
   */
  async vote(resolutionId: string, personId: string, vote: Vote): Promise<ResolutionRecord> {
    return this.dataSource.transaction(async (manager) => {
      const resolution = await this.lock(manager, resolutionId);
      const present = await this.presentSeats(manager, resolution.meetingId);
      const seat = present.find((candidate) => candidate.personId === personId);
      if (!seat) {
        throw new RuleViolation(
          'Only members present at the meeting (or the substitutes standing in for them) vote; you did not attend with a voting seat',
          'resolutionId',
        );
      }
      const votes = await this.votesOf(manager, resolution.id);
      checkVote(
        {
          presentSeats: present,
          votes,
          abstentionRule: resolution.abstentionRule,
          status: resolution.status,
        },
        seat.seatId,
      );
      const castAt = new Date();
      await manager.query(
        'INSERT INTO vote (resolution_id, seat_id, vote, cast_by, cast_at) VALUES ($1, $2, $3, $4, $5)',
        [resolution.id, seat.seatId, vote, personId, castAt],
      );
      votes.set(seat.seatId, vote);
      const status = statusAfterVotes({
        presentSeats: present,
        votes,
        abstentionRule: resolution.abstentionRule,
      });
      return this.settle(manager, resolution, status, null, castAt);
    });
  }

  /** The chair's decision on dissent (the deputy's when the chair was absent). */
  async decide(
    resolutionId: string,
    personId: string,
    decision: 'ADOPT' | 'REJECT',
  ): Promise<ResolutionRecord> {
    return this.dataSource.transaction(async (manager) => {
      const resolution = await this.lock(manager, resolutionId);
      const present = await this.presentSeats(manager, resolution.meetingId);
      const seat = present.find((candidate) => candidate.personId === personId);
      checkChairDecision(resolution.status, present, seat?.seatId ?? '');
      return this.settle(
        manager,
        resolution,
        decision === 'ADOPT' ? 'ADOPTED_BY_CHAIR' : 'REJECTED_BY_CHAIR',
        personId,
        new Date(),
      );
    });
  }

  async byIds(ids: readonly string[]): Promise<ResolutionRecord[]> {
    return (
      await this.dataSource.query(`${SELECT} WHERE r.id = ANY($1::uuid[])`, [onlyUuids(ids)])
    ).map(toRecord);
  }

  async list(statuses: readonly ResolutionStatus[] | null): Promise<ResolutionRecord[]> {
    const rows = await this.dataSource.query(
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
      this.dataSource,
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
      await this.dataSource.query(
        `${SELECT} WHERE a.meeting_id = ANY($1::uuid[]) ORDER BY r.number`,
        [[...meetingIds]],
      )
    ).map(toRecord);
  }

  async votesOfMany(resolutionIds: readonly string[]): Promise<VoteRecord[]> {
    const rows: {
      resolution_id: string;
      seat_id: string;
      vote: Vote;
      cast_by: string;
      cast_at: Date;
    }[] = await this.dataSource.query(
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

  private async settle(
    manager: EntityManager,
    resolution: ResolutionRecord,
    status: ResolutionStatus,
    decidedBy: string | null,
    at: Date,
  ): Promise<ResolutionRecord> {
    const decided = status !== 'VOTING' && status !== 'DISSENT';
    await manager.query(
      'UPDATE resolution SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1',
      [resolution.id, status, decidedBy, decided ? at : null],
    );
    const settled = { ...resolution, status, decidedBy, decidedAt: decided ? at : null };
    if (isAdopted(status)) await this.publishAdoption(manager, settled, at);
    return settled;
  }

  private async publishAdoption(
    manager: EntityManager,
    resolution: ResolutionRecord,
    at: Date,
  ): Promise<void> {
    const [submission] = await manager.query(
      'SELECT title, kind, proposal FROM submission WHERE id = $1',
      [resolution.submissionId],
    );
    const kind = submission.kind as SubmissionKind;
    if (kind === 'RULES_OF_PROCEDURE')
      await adoptRulesOfProcedure(manager, submission.proposal, resolution.id, at);
    if (kind === 'TARGET_AGREEMENT') {
      await concludeTargetAgreement(manager, submission.proposal.targetAgreementId, resolution.id);
    }
    await this.outbox.publish(manager, 'resolutionAdopted', resolution.id, {
      resolutionId: resolution.id,
      number: resolution.number,
      meetingId: resolution.meetingId,
      submissionId: resolution.submissionId,
      title: submission.title,
      kind,
      proposal: submission.proposal,
      adoptedBy: resolution.status === 'ADOPTED_BY_CONSENSUS' ? 'CONSENSUS' : 'CHAIR_DECISION',
      adoptedAt: at.toISOString(),
    });
  }

  private async lock(manager: EntityManager, resolutionId: string): Promise<ResolutionRecord> {
    if (!isUuid(resolutionId))
      throw new NotFound(`There is no resolution ${resolutionId}`, 'resolutionId');
    const [row] = await manager.query(`${SELECT} WHERE r.id = $1 FOR UPDATE OF r`, [resolutionId]);
    if (!row) throw new NotFound(`There is no resolution ${resolutionId}`, 'resolutionId');
    return toRecord(row);
  }

  private async presentSeats(
    manager: EntityManager,
    meetingId: string,
  ): Promise<(PresentSeat & { personId: string })[]> {
    const rows: { seat_id: string; role: PresentSeat['role']; person_id: string }[] =
      await manager.query('SELECT seat_id, role, person_id FROM attendance WHERE meeting_id = $1', [
        meetingId,
      ]);
    return rows.map((row) => ({ seatId: row.seat_id, role: row.role, personId: row.person_id }));
  }

  private async votesOf(manager: EntityManager, resolutionId: string): Promise<Map<string, Vote>> {
    const rows: { seat_id: string; vote: Vote }[] = await manager.query(
      'SELECT seat_id, vote FROM vote WHERE resolution_id = $1',
      [resolutionId],
    );
    return new Map(rows.map((row) => [row.seat_id, row.vote]));
  }
}
