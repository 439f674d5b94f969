import { lockName, onlyUuids } from '@jobcenter/db';
import type { EntityManager } from 'typeorm';
import type { AllocationModel, DistrictAmount } from '../domain/allocation';
import { cents } from '@jobcenter/kernel';

export type ProposalStatus = 'PROPOSED' | 'ADOPTED' | 'SUPERSEDED';

export interface ProposalRecord {
  id: string;
  fiscalYear: number;
  poolCents: number;
  decentralShareBasisPoints: number;
  poolSplitResolutionId: string;
  model: AllocationModel;
  status: ProposalStatus;
  resolutionId: string | null;
  proposedBy: string;
  proposedAt: Date;
  adoptedAt: Date | null;
}

export interface ProposalDistrictRecord {
  proposalId: string;
  districtId: string;
  amountCents: number;
  caseloadMonth: string;
  contributions: { indicator: string; amountCents: number; explanation: string }[];
}

interface ProposalRow {
  id: string;
  fiscal_year: number;
  pool_cents: string;
  decentral_share_basis_points: number;
  pool_split_resolution_id: string;
  model: AllocationModel;
  status: ProposalStatus;
  resolution_id: string | null;
  proposed_by: string;
  proposed_at: Date;
  adopted_at: Date | null;
}

const toProposal = (row: ProposalRow): ProposalRecord => ({
  id: row.id,
  fiscalYear: row.fiscal_year,
  poolCents: cents(row.pool_cents),
  decentralShareBasisPoints: row.decentral_share_basis_points,
  poolSplitResolutionId: row.pool_split_resolution_id,
  model: row.model,
  status: row.status,
  resolutionId: row.resolution_id,
  proposedBy: row.proposed_by,
  proposedAt: row.proposed_at,
  adoptedAt: row.adopted_at,
});

/** Allocation proposals (table `allocation_proposal`) with their district amounts (`allocation_proposal_district`). */
export class ProposalsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Serialises the transactions on one proposal id (its proposal and its adoptions) until commit. */
  lock(id: string): Promise<void> {
    return lockName(this.manager, `allocation-proposal:${id}`);
  }

  async insert(
    proposal: Omit<ProposalRecord, 'status' | 'resolutionId' | 'proposedAt' | 'adoptedAt'>,
  ): Promise<ProposalRecord> {
    const [row] = await this.manager.query(
      `INSERT INTO allocation_proposal (id, fiscal_year, pool_cents, decentral_share_basis_points, pool_split_resolution_id, model, status, proposed_by, proposed_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'PROPOSED', $7, now()) RETURNING *`,
      [
        proposal.id,
        proposal.fiscalYear,
        proposal.poolCents,
        proposal.decentralShareBasisPoints,
        proposal.poolSplitResolutionId,
        JSON.stringify(proposal.model),
        proposal.proposedBy,
      ],
    );
    return toProposal(row);
  }

  /** The district amounts of a proposal, one statement each, in order. */
  async insertDistricts(proposalId: string, amounts: readonly DistrictAmount[]): Promise<void> {
    for (const amount of amounts) {
      await this.manager.query(
        `INSERT INTO allocation_proposal_district (proposal_id, district_id, amount_cents, caseload_month, contributions)
         VALUES ($1, $2, $3, $4, $5)`,
        [
          proposalId,
          amount.districtId,
          amount.amountCents.toString(),
          amount.caseloadMonth,
          JSON.stringify(
            amount.contributions.map((contribution) => ({
              indicator: contribution.indicator,
              amountCents: cents(contribution.amountCents),
              explanation: contribution.explanation,
            })),
          ),
        ],
      );
    }
  }

  async ofYear(fiscalYear: number): Promise<ProposalRecord[]> {
    return (
      await this.manager.query(
        'SELECT * FROM allocation_proposal WHERE fiscal_year = $1 ORDER BY proposed_at, id',
        [fiscalYear],
      )
    ).map(toProposal);
  }

  async byIds(ids: readonly string[]): Promise<ProposalRecord[]> {
    return (
      await this.manager.query('SELECT * FROM allocation_proposal WHERE id = ANY($1::uuid[])', [
        onlyUuids(ids),
      ])
    ).map(toProposal);
  }

  async byId(id: string): Promise<ProposalRecord | null> {
    const [row] = await this.manager.query('SELECT * FROM allocation_proposal WHERE id = $1', [id]);
    return row ? toProposal(row) : null;
  }

  /** The proposal, its row locked until the transaction ends; null when there is none. */
  async lockById(id: string): Promise<ProposalRecord | null> {
    const [row] = await this.manager.query(
      'SELECT * FROM allocation_proposal WHERE id = $1 FOR UPDATE',
      [id],
    );
    return row ? toProposal(row) : null;
  }

  /** The district amounts of these proposals, by district: one statement. */
  async districtsOf(proposalIds: readonly string[]): Promise<ProposalDistrictRecord[]> {
    const rows: {
      proposal_id: string;
      district_id: string;
      amount_cents: string;
      caseload_month: string;
      contributions: ProposalDistrictRecord['contributions'];
    }[] = await this.manager.query(
      'SELECT * FROM allocation_proposal_district WHERE proposal_id = ANY($1::uuid[]) ORDER BY district_id',
      [onlyUuids(proposalIds)],
    );
    return rows.map((row) => ({
      proposalId: row.proposal_id,
      districtId: row.district_id,
      amountCents: cents(row.amount_cents),
      caseloadMonth: row.caseload_month,
      contributions: row.contributions,
    }));
  }

  async markAdopted(id: string, resolutionId: string, adoptedAt: Date): Promise<void> {
    await this.manager.query(
      `UPDATE allocation_proposal SET status = 'ADOPTED', resolution_id = $2, adopted_at = $3 WHERE id = $1`,
      [id, resolutionId, adoptedAt],
    );
  }

  /** Superseded by the adoption of another proposal. */
  async markSuperseded(id: string): Promise<void> {
    await this.manager.query(`UPDATE allocation_proposal SET status = 'SUPERSEDED' WHERE id = $1`, [
      id,
    ]);
  }

  /** Adopted by a resolution older than the one in force: superseded at once. */
  async markAdoptedSuperseded(id: string, resolutionId: string, adoptedAt: Date): Promise<void> {
    await this.manager.query(
      `UPDATE allocation_proposal SET status = 'SUPERSEDED', resolution_id = $2, adopted_at = $3 WHERE id = $1`,
      [id, resolutionId, adoptedAt],
    );
  }
}
