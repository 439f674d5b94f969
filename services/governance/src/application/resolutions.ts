import type { DataSource, EntityManager } from 'typeorm';
import type { Outbox } from '@jobcenter/events';
import { NotFound, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import {
  adoptedBy,
  checkChairDecision,
  checkVote,
  decidedAt,
  isAdopted,
  seatOfVoter,
  statusAfterVotes,
  type AbstentionRule,
  type ResolutionStatus,
  type Vote,
} from '../domain/decision';
import { adoptRulesOfProcedure } from './rules-of-procedure';
import { concludeTargetAgreement } from './target-agreements';
import { AttendanceRepository } from '../repositories/attendance.repository';
import {
  ResolutionsRepository,
  type ResolutionRecord,
  type VoteRecord,
} from '../repositories/resolutions.repository';
import { SubmissionsRepository } from '../repositories/submissions.repository';

export type { ResolutionRecord, VoteRecord };

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
      const resolutions = new ResolutionsRepository(manager);
      const resolution = await this.lock(resolutions, resolutionId);
      const present = await new AttendanceRepository(manager).presentSeats(resolution.meetingId);
      const seat = seatOfVoter(present, personId);
      const votes = await resolutions.votesOf(resolution.id);
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
      await resolutions.insertVote({
        resolutionId: resolution.id,
        seatId: seat.seatId,
        vote,
        castBy: personId,
        castAt,
      });
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
      const resolution = await this.lock(new ResolutionsRepository(manager), resolutionId);
      const present = await new AttendanceRepository(manager).presentSeats(resolution.meetingId);
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

  byIds(ids: readonly string[]): Promise<ResolutionRecord[]> {
    return new ResolutionsRepository(this.dataSource.manager).byIds(ids);
  }

  list(statuses: readonly ResolutionStatus[] | null): Promise<ResolutionRecord[]> {
    return new ResolutionsRepository(this.dataSource.manager).list(statuses);
  }

  /** A page of the resolutions by number, optionally of some statuses. */
  page(
    statuses: readonly ResolutionStatus[] | null,
    page: PageArguments,
  ): Promise<Connection<ResolutionRecord>> {
    return new ResolutionsRepository(this.dataSource.manager).page(statuses, page);
  }

  ofMeetings(meetingIds: readonly string[]): Promise<ResolutionRecord[]> {
    return new ResolutionsRepository(this.dataSource.manager).ofMeetings(meetingIds);
  }

  votesOfMany(resolutionIds: readonly string[]): Promise<VoteRecord[]> {
    return new ResolutionsRepository(this.dataSource.manager).votesOfMany(resolutionIds);
  }

  private async settle(
    manager: EntityManager,
    resolution: ResolutionRecord,
    status: ResolutionStatus,
    decidedBy: string | null,
    at: Date,
  ): Promise<ResolutionRecord> {
    const settled = { ...resolution, status, decidedBy, decidedAt: decidedAt(status, at) };
    await new ResolutionsRepository(manager).setStatus(
      resolution.id,
      status,
      decidedBy,
      settled.decidedAt,
    );
    if (isAdopted(status)) await this.publishAdoption(manager, settled, at);
    return settled;
  }

  /** Carries out what the adopted proposal changes here, and publishes the adoption. */
  private async publishAdoption(
    manager: EntityManager,
    resolution: ResolutionRecord,
    at: Date,
  ): Promise<void> {
    const submission = await new SubmissionsRepository(manager).contentOf(resolution.submissionId);
    const { kind } = submission;
    if (kind === 'RULES_OF_PROCEDURE') {
      const proposal = submission.proposal as { text: string; abstentionRule: AbstentionRule };
      await adoptRulesOfProcedure(manager, proposal, resolution.id, at);
    }
    if (kind === 'TARGET_AGREEMENT') {
      const { targetAgreementId } = submission.proposal as { targetAgreementId: string };
      await concludeTargetAgreement(manager, targetAgreementId, resolution.id);
    }
    await this.outbox.publish(manager, 'resolutionAdopted', resolution.id, {
      resolutionId: resolution.id,
      number: resolution.number,
      meetingId: resolution.meetingId,
      submissionId: resolution.submissionId,
      title: submission.title,
      kind,
      proposal: submission.proposal,
      adoptedBy: adoptedBy(resolution.status),
      adoptedAt: at.toISOString(),
    });
  }

  private async lock(
    resolutions: ResolutionsRepository,
    resolutionId: string,
  ): Promise<ResolutionRecord> {
    const resolution = await resolutions.lock(resolutionId);
    if (!resolution) throw new NotFound(`There is no resolution ${resolutionId}`, 'resolutionId');
    return resolution;
  }
}
