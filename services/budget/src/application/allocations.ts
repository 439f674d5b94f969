import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CITY_IDS } from '@jobcenter/auth';
import type { Outbox } from '@jobcenter/events';
import { allocateBySocialSpace, checkModel, type AllocationModel } from '../domain/allocation';
import { checkFiscalYear, integrationFundsOf, splitPools } from '../domain/budget';
import { DEFAULT_ALLOCATION_MODEL } from '../domain/default-model';
import {
  adoptionByAmounts,
  outdatedAdoption,
  staleAdoption,
  requireCommonMonth,
  requireDecentralFunds,
  requirePoolSplit,
} from '../domain/proposal';
import { AdoptionsRepository } from '../repositories/adoptions.repository';
import { AllocationModelsRepository } from '../repositories/allocation-models.repository';
import {
  AllocationsRepository,
  type AllocationRecord,
  type DistrictAllocationRecord,
} from '../repositories/allocations.repository';
import { BudgetLinesRepository } from '../repositories/budget-lines.repository';
import { CaseloadCopiesRepository } from '../repositories/caseload-copies.repository';
import { PoolSplitsRepository } from '../repositories/pool-splits.repository';
import {
  ProposalsRepository,
  type ProposalDistrictRecord,
  type ProposalRecord,
} from '../repositories/proposals.repository';
import { publishThresholds } from './spending';

export type {
  AllocationRecord,
  DistrictAllocationRecord,
} from '../repositories/allocations.repository';
export type {
  ProposalDistrictRecord,
  ProposalRecord,
  ProposalStatus,
} from '../repositories/proposals.repository';

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
    await new AllocationModelsRepository(this.dataSource.manager).set(fiscalYear, model, setBy);
  }

  /** The year's model, or the default (the EinglMV method) when the Fachbereich set none. */
  async modelOf(
    fiscalYear: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ model: AllocationModel; isDefault: boolean }> {
    const model = await new AllocationModelsRepository(manager).of(fiscalYear);
    return model
      ? { model, isDefault: false }
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
      const proposals = new ProposalsRepository(manager);
      await proposals.lock(id);
      const split = requirePoolSplit(
        await new PoolSplitsRepository(manager).inForce(fiscalYear),
        fiscalYear,
      );
      const decentralCents = (await decentralPool(manager, fiscalYear))!;
      requireDecentralFunds(decentralCents, fiscalYear);
      const needs = await new CaseloadCopiesRepository(manager).latestCommonMonth(CITY_IDS);
      requireCommonMonth(needs);
      const { model } = await this.modelOf(fiscalYear, manager);
      const amounts = allocateBySocialSpace(BigInt(decentralCents), model, needs);
      let proposal = await proposals.insert({
        id,
        fiscalYear,
        poolCents: decentralCents,
        decentralShareBasisPoints: split.decentralShareBasisPoints,
        poolSplitResolutionId: split.resolutionId,
        model,
        proposedBy,
      });
      await proposals.insertDistricts(id, amounts);
      for (const adoption of await new AdoptionsRepository(manager).pendingOf(id)) {
        proposal = await adopt(
          manager,
          this.outbox,
          proposal,
          adoption.resolutionId,
          adoption.adoptedAt,
        );
      }
      return proposal;
    });
  }

  proposals(fiscalYear: number): Promise<ProposalRecord[]> {
    return new ProposalsRepository(this.dataSource.manager).ofYear(fiscalYear);
  }

  proposalsByIds(ids: readonly string[]): Promise<ProposalRecord[]> {
    return new ProposalsRepository(this.dataSource.manager).byIds(ids);
  }

  districtsOf(proposalIds: readonly string[]): Promise<ProposalDistrictRecord[]> {
    return new ProposalsRepository(this.dataSource.manager).districtsOf(proposalIds);
  }

  allocationsOfYears(fiscalYears: readonly number[]): Promise<AllocationRecord[]> {
    return new AllocationsRepository(this.dataSource.manager).ofYears(fiscalYears);
  }

  allocationsByIds(ids: readonly string[]): Promise<AllocationRecord[]> {
    return new AllocationsRepository(this.dataSource.manager).byIds(ids);
  }

  /** What each of these districts was allocated in the year, and has spent: one statement. */
  districtAllocations(
    fiscalYear: number,
    districtIds: readonly string[],
  ): Promise<DistrictAllocationRecord[]> {
    return new AllocationsRepository(this.dataSource.manager).districtAllocations(
      fiscalYear,
      districtIds,
    );
  }

  /** Every year's allocation of these districts, newest first: one statement. */
  allAllocationsOf(districtIds: readonly string[]): Promise<DistrictAllocationRecord[]> {
    return new AllocationsRepository(this.dataSource.manager).allAllocationsOf(districtIds);
  }

  /** Every district's share of these allocations: one statement. */
  districtsOfAllocations(allocationIds: readonly string[]): Promise<DistrictAllocationRecord[]> {
    return new AllocationsRepository(this.dataSource.manager).districtsOfAllocations(allocationIds);
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
  const proposals = new ProposalsRepository(manager);
  const adoptions = new AdoptionsRepository(manager);
  await proposals.lock(proposalId);
  if (await adoptions.isKnown(resolutionId)) return;
  const proposal = await proposals.lockById(proposalId);
  if (!proposal) {
    await adoptions.insertPending(resolutionId, proposalId, adoptedAt);
    return;
  }
  await adopt(manager, outbox, proposal, resolutionId, adoptedAt);
}

/**
 * Makes the proposal the allocation of its year as `decideAdoption` (domain/proposal.ts) decides, and records the
 * adoption's outcome: a replaced allocation keeps its id and spending, its proposal is
 * SUPERSEDED and the thresholds are checked against the new amounts; an applied allocation is
 * published.
 */
async function adopt(
  manager: EntityManager,
  outbox: Outbox,
  proposal: ProposalRecord,
  resolutionId: string,
  adoptedAt: Date,
): Promise<ProposalRecord> {
  const allocations = new AllocationsRepository(manager);
  const proposals = new ProposalsRepository(manager);
  const adoptions = new AdoptionsRepository(manager);
  const { fiscalYear, poolCents } = proposal;
  await allocations.lockYear(fiscalYear);
  const current = await allocations.lockOfYear(fiscalYear);
  // The steps of decideAdoption, each reading (and locking) only what it needs: an outdated
  // adoption reads no pool, a stale one locks no district's spending.
  let districts: ProposalDistrictRecord[] = [];
  let decision =
    outdatedAdoption({ proposal, adoptedAt, current }) ??
    staleAdoption({ proposal, decentralPoolCents: await decentralPool(manager, fiscalYear) });
  if (!decision) {
    districts = await proposals.districtsOf([proposal.id]);
    const spent = current ? await allocations.lockSpending(current.id) : new Map<string, number>();
    decision = adoptionByAmounts({ proposal, current, amounts: districts, spent });
  }
  const adoption = { resolutionId, proposalId: proposal.id, fiscalYear, adoptedAt };
  if (decision.outcome === 'OUTDATED') {
    await adoptions.record(adoption, 'OUTDATED');
    if (!decision.proposalSuperseded) return proposal;
    await proposals.markAdoptedSuperseded(proposal.id, resolutionId, adoptedAt);
    return { ...proposal, status: 'SUPERSEDED', resolutionId, adoptedAt };
  }
  if (decision.outcome !== 'IN_FORCE') {
    await adoptions.record(adoption, decision.outcome);
    return proposal;
  }
  const allocationId = decision.replaces?.allocationId ?? randomUUID();
  const allocation = {
    id: allocationId,
    proposalId: proposal.id,
    resolutionId,
    poolCents,
    adoptedAt,
  };
  if (decision.replaces) {
    if (decision.supersededProposalId)
      await proposals.markSuperseded(decision.supersededProposalId);
    await adoptions.markSuperseded(decision.replaces.resolutionId);
    await allocations.replace(allocation);
  } else {
    await allocations.insert({ ...allocation, fiscalYear });
  }
  await allocations.setDistrictAmounts(allocationId, districts);
  await proposals.markAdopted(proposal.id, resolutionId, adoptedAt);
  const adopted = (await proposals.byId(proposal.id))!;
  await adoptions.record(adoption, 'IN_FORCE');
  for (const district of decision.watched) {
    await publishThresholds(manager, outbox, { allocationId, fiscalYear, ...district });
  }
  await outbox.publish(manager, 'allocationPublished', allocationId, {
    allocationId,
    fiscalYear,
    resolutionId,
    poolCents,
    districts: districts.map((district) => ({
      districtId: district.districtId,
      amountCents: district.amountCents,
    })),
    publishedAt: new Date().toISOString(),
  });
  return adopted;
}

/** The decentral pool of a year now: its integration funds × the decentral share in force. */
async function decentralPool(manager: EntityManager, fiscalYear: number): Promise<number | null> {
  const split = await new PoolSplitsRepository(manager).inForce(fiscalYear);
  if (!split) return null;
  const lines = await new BudgetLinesRepository(manager).ofYear(fiscalYear);
  return splitPools(integrationFundsOf(lines), split.decentralShareBasisPoints).decentralCents;
}
