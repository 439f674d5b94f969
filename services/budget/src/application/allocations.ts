import { onlyUuids, lockName } from '@jobcenter/db';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CITY_IDS } from '@jobcenter/auth';
import type { Outbox } from '@jobcenter/events';
import { RuleViolation } from '@jobcenter/subgraph-server';
import {
  allocateBySocialSpace,
  checkModel,
  type AllocationModel,
  type Contribution,
  type DistrictNeed,
} from '../domain/allocation';
import { checkFiscalYear, splitPools } from '../domain/budget';
import { DEFAULT_ALLOCATION_MODEL } from '../domain/default-model';
import { publishThresholds } from './spending';
import { cents } from '@jobcenter/kernel';
import { PoolSplits } from './pool-splits';

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

export interface AllocationRecord {
  id: string;
  fiscalYear: number;
  proposalId: string;
  resolutionId: string;
  poolCents: number;
  adoptedAt: Date;
}

export interface DistrictAllocationRecord {
  allocationId: string;
  fiscalYear: number;
  districtId: string;
  amountCents: number;
  spentCents: number;
  remainingCents: number;
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

const toAllocation = (row: {
  id: string;
  fiscal_year: number;
  proposal_id: string;
  resolution_id: string;
  pool_cents: string;
  adopted_at: Date;
}): AllocationRecord => ({
  id: row.id,
  fiscalYear: row.fiscal_year,
  proposalId: row.proposal_id,
  resolutionId: row.resolution_id,
  poolCents: cents(row.pool_cents),
  adoptedAt: row.adopted_at,
});

/**
 * The allocation of integration funds by social space (docs/rules.md#rule-18): the Fachbereich sets the
 * model and proposes; the board adopts a proposal by a FUNDS_ALLOCATION resolution, which makes
 * it the allocation of its fiscal year and publishes it.
 */
export class Allocations {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async setModel(fiscalYear: number, model: AllocationModel, setBy: string): Promise<void> {
    checkFiscalYear(fiscalYear);
    checkModel(model, CITY_IDS);
    await this.dataSource.query(
      `INSERT INTO allocation_model (fiscal_year, model, set_by, set_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (fiscal_year) DO UPDATE SET model = $2, set_by = $3, set_at = now()`,
      [fiscalYear, JSON.stringify(model), setBy],
    );
  }

  /** The year's model, or the default (the EinglMV method) when the Fachbereich set none. */
  async modelOf(
    fiscalYear: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ model: AllocationModel; isDefault: boolean }> {
    const [row] = await manager.query('SELECT model FROM allocation_model WHERE fiscal_year = $1', [
      fiscalYear,
    ]);
    return row
      ? { model: row.model as AllocationModel, isDefault: false }
      : { model: DEFAULT_ALLOCATION_MODEL, isDefault: true };
  }

  /**
   * Computes a proposal for the year: the decentral pool (integration funds × the decentral share
   * in force) distributed by the year's model over each district's latest caseload. An adoption
   * of this id that arrived before the proposal existed takes effect now.
   */
  async propose(
    fiscalYear: number,
    proposedBy: string,
    id: string = randomUUID(),
  ): Promise<ProposalRecord> {
    checkFiscalYear(fiscalYear);
    return this.dataSource.transaction(async (manager) => {
      await lockName(manager, `allocation-proposal:${id}`);
      const split = await PoolSplits.inForce(manager, fiscalYear);
      if (!split)
        throw new RuleViolation(
          `No pool split is in force for ${fiscalYear}: the board must adopt a POOL_SPLIT resolution first`,
          'fiscalYear',
        );
      const decentralCents = (await decentralPool(manager, fiscalYear))!;
      if (decentralCents === 0)
        throw new RuleViolation(
          `There are no decentral integration funds in the budget of ${fiscalYear}`,
          'fiscalYear',
        );
      const needs = await latestNeeds(manager);
      const { model } = await this.modelOf(fiscalYear, manager);
      const amounts = allocateBySocialSpace(BigInt(decentralCents), model, needs);
      const [row] = await manager.query(
        `INSERT INTO allocation_proposal (id, fiscal_year, pool_cents, decentral_share_basis_points, pool_split_resolution_id, model, status, proposed_by, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'PROPOSED', $7, now()) RETURNING *`,
        [
          id,
          fiscalYear,
          decentralCents,
          split.decentralShareBasisPoints,
          split.resolutionId,
          JSON.stringify(model),
          proposedBy,
        ],
      );
      for (const amount of amounts) {
        await manager.query(
          `INSERT INTO allocation_proposal_district (proposal_id, district_id, amount_cents, caseload_month, contributions)
           VALUES ($1, $2, $3, $4, $5)`,
          [
            id,
            amount.districtId,
            amount.amountCents.toString(),
            amount.caseloadMonth,
            JSON.stringify(amount.contributions.map(serialisable)),
          ],
        );
      }
      const pending: { resolution_id: string; adopted_at: Date }[] = await manager.query(
        `SELECT resolution_id, adopted_at FROM allocation_adoption
         WHERE proposal_id = $1 AND outcome = 'PENDING' ORDER BY adopted_at, resolution_id`,
        [id],
      );
      let proposal = toProposal(row);
      for (const adoption of pending) {
        proposal = await adopt(
          manager,
          this.outbox,
          proposal,
          adoption.resolution_id,
          adoption.adopted_at,
        );
      }
      return proposal;
    });
  }

  async proposals(fiscalYear: number): Promise<ProposalRecord[]> {
    return (
      await this.dataSource.query(
        'SELECT * FROM allocation_proposal WHERE fiscal_year = $1 ORDER BY proposed_at, id',
        [fiscalYear],
      )
    ).map(toProposal);
  }

  async proposalsByIds(ids: readonly string[]): Promise<ProposalRecord[]> {
    return (
      await this.dataSource.query('SELECT * FROM allocation_proposal WHERE id = ANY($1::uuid[])', [
        onlyUuids(ids),
      ])
    ).map(toProposal);
  }

  async districtsOf(proposalIds: readonly string[]): Promise<ProposalDistrictRecord[]> {
    return proposalDistricts(this.dataSource.manager, proposalIds);
  }

  async allocationsOfYears(fiscalYears: readonly number[]): Promise<AllocationRecord[]> {
    return (
      await this.dataSource.query('SELECT * FROM allocation WHERE fiscal_year = ANY($1::int[])', [
        [...fiscalYears],
      ])
    ).map(toAllocation);
  }

  async allocationsByIds(ids: readonly string[]): Promise<AllocationRecord[]> {
    return (
      await this.dataSource.query('SELECT * FROM allocation WHERE id = ANY($1::uuid[])', [
        onlyUuids(ids),
      ])
    ).map(toAllocation);
  }

  /** What each of these districts was allocated in the year, and has spent: one statement. */
  async districtAllocations(
    fiscalYear: number,
    districtIds: readonly string[],
  ): Promise<DistrictAllocationRecord[]> {
    return this.readDistrictAllocations('a.fiscal_year = $1 AND d.district_id = ANY($2)', [
      fiscalYear,
      [...districtIds],
    ]);
  }

  /** Every year's allocation of these districts, newest first: one statement. */
  async allAllocationsOf(districtIds: readonly string[]): Promise<DistrictAllocationRecord[]> {
    return this.readDistrictAllocations('d.district_id = ANY($1)', [[...districtIds]]);
  }

  /** Every district's share of these allocations: one statement. */
  async districtsOfAllocations(
    allocationIds: readonly string[],
  ): Promise<DistrictAllocationRecord[]> {
    return this.readDistrictAllocations('a.id = ANY($1::uuid[])', [onlyUuids(allocationIds)]);
  }

  private async readDistrictAllocations(
    where: string,
    parameters: unknown[],
  ): Promise<DistrictAllocationRecord[]> {
    const rows: {
      allocation_id: string;
      fiscal_year: number;
      district_id: string;
      amount_cents: string;
      spent_cents: string;
    }[] = await this.dataSource.query(
      `SELECT d.*, a.fiscal_year FROM district_allocation d JOIN allocation a ON a.id = d.allocation_id
       WHERE ${where} ORDER BY d.district_id, a.fiscal_year DESC`,
      parameters,
    );
    return rows.map((row) => ({
      allocationId: row.allocation_id,
      fiscalYear: row.fiscal_year,
      districtId: row.district_id,
      amountCents: cents(row.amount_cents),
      spentCents: cents(row.spent_cents),
      remainingCents: cents(row.amount_cents) - cents(row.spent_cents),
    }));
  }
}

/**
 * Applies an adopted FUNDS_ALLOCATION resolution (governance.resolution-adopted), in the
 * consumer's transaction. Unknown proposal: kept as a pending adoption until it is proposed.
 */
export async function applyAdoption(
  manager: EntityManager,
  outbox: Outbox,
  proposalId: string,
  resolutionId: string,
  adoptedAt: Date,
): Promise<void> {
  await lockName(manager, `allocation-proposal:${proposalId}`);
  const [known] = await manager.query(
    'SELECT 1 FROM allocation_adoption WHERE resolution_id = $1',
    [resolutionId],
  );
  if (known) return;
  const [row] = await manager.query('SELECT * FROM allocation_proposal WHERE id = $1 FOR UPDATE', [
    proposalId,
  ]);
  if (!row) {
    await manager.query(
      `INSERT INTO allocation_adoption (resolution_id, proposal_id, fiscal_year, adopted_at, received_at, outcome)
       VALUES ($1, $2, NULL, $3, now(), 'PENDING')`,
      [resolutionId, proposalId, adoptedAt],
    );
    return;
  }
  await adopt(manager, outbox, toProposal(row), resolutionId, adoptedAt);
}

/**
 * Makes the proposal the allocation of its year. One allocation per year: a later adoption
 * replaces the amounts of an earlier one (same allocation id, spending kept, earlier proposal
 * SUPERSEDED, thresholds checked against the new amounts); an adoption older than the one in
 * force (events out of order) is recorded as OUTDATED and changes no amounts: its proposal counts
 * as superseded by the one in force. An adoption is recorded and not applied when its proposal's
 * pool is no longer the year's decentral pool (STALE: the pool split or the integration funds
 * changed since) or when it would give a district less than it has spent (BELOW_SPENDING).
 */
async function adopt(
  manager: EntityManager,
  outbox: Outbox,
  proposal: ProposalRecord,
  resolutionId: string,
  adoptedAt: Date,
): Promise<ProposalRecord> {
  await lockName(manager, `allocation-year:${proposal.fiscalYear}`);
  const [current] = await manager.query(
    'SELECT * FROM allocation WHERE fiscal_year = $1 FOR UPDATE',
    [proposal.fiscalYear],
  );
  const recordAdoption = (outcome: 'IN_FORCE' | 'OUTDATED' | 'STALE' | 'BELOW_SPENDING') =>
    manager.query(
      `INSERT INTO allocation_adoption (resolution_id, proposal_id, fiscal_year, adopted_at, received_at, outcome)
       VALUES ($1, $2, $3, $4, now(), $5)
       ON CONFLICT (resolution_id) DO UPDATE SET fiscal_year = $3, outcome = $5`,
      [resolutionId, proposal.id, proposal.fiscalYear, adoptedAt, outcome],
    );
  if (current && new Date(current.adopted_at).getTime() > adoptedAt.getTime()) {
    await recordAdoption('OUTDATED');
    if (current.proposal_id === proposal.id) return proposal;
    await manager.query(
      `UPDATE allocation_proposal SET status = 'SUPERSEDED', resolution_id = $2, adopted_at = $3 WHERE id = $1`,
      [proposal.id, resolutionId, adoptedAt],
    );
    return { ...proposal, status: 'SUPERSEDED', resolutionId, adoptedAt };
  }
  // The pool the proposal was computed on must still be the decentral pool of the year.
  if ((await decentralPool(manager, proposal.fiscalYear)) !== proposal.poolCents) {
    await recordAdoption('STALE');
    return proposal;
  }
  const districts = await proposalDistricts(manager, [proposal.id]);
  const spent = new Map<string, number>();
  if (current) {
    const rows: { district_id: string; spent_cents: string }[] = await manager.query(
      'SELECT district_id, spent_cents FROM district_allocation WHERE allocation_id = $1 FOR UPDATE',
      [current.id],
    );
    for (const row of rows) spent.set(row.district_id, cents(row.spent_cents));
    // Spending can never exceed the allocation: an amount below what was spent is not applied.
    if (districts.some((d) => d.amountCents < (spent.get(d.districtId) ?? 0))) {
      await recordAdoption('BELOW_SPENDING');
      return proposal;
    }
  }
  let allocationId: string;
  if (current) {
    allocationId = current.id;
    if (current.proposal_id !== proposal.id) {
      await manager.query(`UPDATE allocation_proposal SET status = 'SUPERSEDED' WHERE id = $1`, [
        current.proposal_id,
      ]);
    }
    await manager.query(
      `UPDATE allocation_adoption SET outcome = 'SUPERSEDED' WHERE resolution_id = $1`,
      [current.resolution_id],
    );
    await manager.query(
      'UPDATE allocation SET proposal_id = $2, resolution_id = $3, pool_cents = $4, adopted_at = $5 WHERE id = $1',
      [allocationId, proposal.id, resolutionId, proposal.poolCents, adoptedAt],
    );
    await manager.query(
      'UPDATE district_allocation SET amount_cents = 0 WHERE allocation_id = $1',
      [allocationId],
    );
  } else {
    allocationId = randomUUID();
    await manager.query(
      `INSERT INTO allocation (id, fiscal_year, proposal_id, resolution_id, pool_cents, adopted_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [allocationId, proposal.fiscalYear, proposal.id, resolutionId, proposal.poolCents, adoptedAt],
    );
  }
  for (const district of districts) {
    await manager.query(
      `INSERT INTO district_allocation (allocation_id, district_id, amount_cents) VALUES ($1, $2, $3)
       ON CONFLICT (allocation_id, district_id) DO UPDATE SET amount_cents = $3`,
      [allocationId, district.districtId, district.amountCents],
    );
  }
  await manager.query(
    `UPDATE allocation_proposal SET status = 'ADOPTED', resolution_id = $2, adopted_at = $3 WHERE id = $1`,
    [proposal.id, resolutionId, adoptedAt],
  );
  const [adopted] = await manager.query('SELECT * FROM allocation_proposal WHERE id = $1', [
    proposal.id,
  ]);
  await recordAdoption('IN_FORCE');
  for (const district of districts) {
    const spentCents = spent.get(district.districtId) ?? 0;
    if (spentCents === 0) continue;
    await publishThresholds(manager, outbox, {
      allocationId,
      districtId: district.districtId,
      fiscalYear: proposal.fiscalYear,
      allocatedCents: district.amountCents,
      spentCents,
    });
  }
  await outbox.publish(manager, 'allocationPublished', allocationId, {
    allocationId,
    fiscalYear: proposal.fiscalYear,
    resolutionId,
    poolCents: proposal.poolCents,
    districts: districts.map((district) => ({
      districtId: district.districtId,
      amountCents: district.amountCents,
    })),
    publishedAt: new Date().toISOString(),
  });
  return toProposal(adopted);
}

/** The decentral pool of a year now: its integration funds × the decentral share in force. */
async function decentralPool(manager: EntityManager, fiscalYear: number): Promise<number | null> {
  const split = await PoolSplits.inForce(manager, fiscalYear);
  if (!split) return null;
  const [funds] = await manager.query(
    `SELECT coalesce(sum(amount_cents), 0)::text AS total FROM budget_line
     WHERE fiscal_year = $1 AND category = 'INTEGRATION_FUNDS'`,
    [fiscalYear],
  );
  return splitPools(cents(funds.total), split.decentralShareBasisPoints).decentralCents;
}

async function proposalDistricts(
  manager: EntityManager,
  proposalIds: readonly string[],
): Promise<ProposalDistrictRecord[]> {
  const rows: {
    proposal_id: string;
    district_id: string;
    amount_cents: string;
    caseload_month: string;
    contributions: ProposalDistrictRecord['contributions'];
  }[] = await manager.query(
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

const serialisable = (contribution: Contribution) => ({
  indicator: contribution.indicator,
  amountCents: cents(contribution.amountCents),
  explanation: contribution.explanation,
});

/**
 * The ten districts' caseload of the latest month that all of them have reported (the highest
 * version of it, kept by the event handler), so that need is compared within one month.
 */
async function latestNeeds(manager: EntityManager): Promise<DistrictNeed[]> {
  const rows: {
    district_id: string;
    month: string;
    eligible_jobseekers: number;
    eligible_jobseekers_under_25: number;
    long_term_recipients: number;
    benefit_households: number;
  }[] = await manager.query(
    `SELECT * FROM caseload_copy WHERE district_id = ANY($1) AND month = (
       SELECT month FROM caseload_copy WHERE district_id = ANY($1)
       GROUP BY month HAVING count(DISTINCT district_id) = $2 ORDER BY month DESC LIMIT 1)
     ORDER BY district_id`,
    [[...CITY_IDS], CITY_IDS.length],
  );
  if (rows.length === 0)
    throw new RuleViolation(
      'There is no month that all ten districts have reported yet: need cannot be measured for every district',
      'fiscalYear',
    );
  return rows.map((row) => ({
    districtId: row.district_id,
    month: row.month,
    eligibleJobseekers: row.eligible_jobseekers,
    eligibleJobseekersUnder25: row.eligible_jobseekers_under_25,
    longTermRecipients: row.long_term_recipients,
    benefitHouseholds: row.benefit_households,
  }));
}
