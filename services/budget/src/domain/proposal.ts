import { RuleViolation } from '@jobcenter/kernel';
import type { DistrictNeed } from './allocation';

/** What became of an adoption of a proposal by the board (a FUNDS_ALLOCATION resolution). */
export type AdoptionOutcome = 'IN_FORCE' | 'SUPERSEDED' | 'OUTDATED' | 'STALE' | 'BELOW_SPENDING';

/** A proposal needs a pool split in force for its year (docs/rules.md#rule-16). */
export function requirePoolSplit<T>(split: T | null, fiscalYear: number): T {
  if (!split)
    throw new RuleViolation(
      `No pool split is in force for ${fiscalYear}: the board must adopt a POOL_SPLIT resolution first`,
      'fiscalYear',
    );
  return split;
}

/** A proposal distributes a decentral pool that holds something. */
export function requireDecentralFunds(decentralCents: number, fiscalYear: number): void {
  if (decentralCents === 0)
    throw new RuleViolation(
      `There are no decentral integration funds in the budget of ${fiscalYear}`,
      'fiscalYear',
    );
}

/** Need is compared within one month that every district reported (docs/rules.md#rule-18). */
export function requireCommonMonth(needs: readonly DistrictNeed[]): void {
  if (needs.length === 0)
    throw new RuleViolation(
      'There is no month that all ten districts have reported yet: need cannot be measured for every district',
      'fiscalYear',
    );
}

/** What an adoption is decided on: the proposal, the year's allocation in force and its spending now. */
export interface AdoptionFacts {
  proposal: { id: string; fiscalYear: number; poolCents: number };
  /** When the board adopted the proposal. */
  adoptedAt: Date;
  /** The year's allocation in force, null before the first adoption of the year. */
  current: { id: string; proposalId: string; resolutionId: string; adoptedAt: Date } | null;
  /** The year's decentral pool now; null when no pool split is in force. */
  decentralPoolCents: number | null;
  /** The proposal's amount per district. */
  amounts: readonly { districtId: string; amountCents: number }[];
  /** What each district has spent of the allocation in force (none without one). */
  spent: ReadonlyMap<string, number>;
}

export type AdoptionDecision =
  /** Older than the adoption in force: recorded, no amount changes; the proposal counts as superseded unless it is the one in force. */
  | { outcome: 'OUTDATED'; proposalSuperseded: boolean }
  /** The proposal's pool is no longer the year's decentral pool: recorded, not applied. */
  | { outcome: 'STALE' }
  /** It would give a district less than it has spent: recorded, not applied. */
  | { outcome: 'BELOW_SPENDING' }
  | {
      outcome: 'IN_FORCE';
      /** The allocation whose amounts it replaces (its id and spending kept); null for the year's first. */
      replaces: { allocationId: string; resolutionId: string } | null;
      /** The proposal of the replaced allocation, when it is another one. */
      supersededProposalId: string | null;
      /** The districts that have spent: their thresholds are checked against the new amounts. */
      watched: { districtId: string; allocatedCents: number; spentCents: number }[];
    };

/**
 * The outcome of adopting a proposal (docs/rules.md#rule-18). One allocation per year: a later adoption
 * replaces the amounts of an earlier one; an adoption older than the one in force (events out of
 * order) changes no amounts. An adoption is not applied when its proposal's pool is no longer the
 * year's decentral pool (the pool split or the integration funds changed since) or when it would
 * give a district less than it has spent: spending never exceeds the allocation.
 */
export function decideAdoption(facts: AdoptionFacts): AdoptionDecision {
  return outdatedAdoption(facts) ?? staleAdoption(facts) ?? adoptionByAmounts(facts);
}

/*
 * The three steps of `decideAdoption`, in its order, for a caller that reads the facts of a step
 * only when the steps before it decided nothing (an outdated adoption needs neither the pool nor
 * the spending, and locks neither).
 */

/** OUTDATED when the adoption is older than the one in force; null otherwise. */
export function outdatedAdoption({
  proposal,
  adoptedAt,
  current,
}: Pick<AdoptionFacts, 'proposal' | 'adoptedAt' | 'current'>): AdoptionDecision | null {
  if (current && current.adoptedAt.getTime() > adoptedAt.getTime())
    return { outcome: 'OUTDATED', proposalSuperseded: current.proposalId !== proposal.id };
  return null;
}

/** STALE when the proposal's pool is no longer the year's decentral pool; null otherwise. */
export function staleAdoption({
  proposal,
  decentralPoolCents,
}: Pick<AdoptionFacts, 'proposal' | 'decentralPoolCents'>): AdoptionDecision | null {
  return decentralPoolCents !== proposal.poolCents ? { outcome: 'STALE' } : null;
}

/** BELOW_SPENDING when a district would get less than it has spent; IN_FORCE otherwise. */
export function adoptionByAmounts({
  proposal,
  current,
  amounts,
  spent,
}: Pick<AdoptionFacts, 'proposal' | 'current' | 'amounts' | 'spent'>): AdoptionDecision {
  const spentOf = (districtId: string) => spent.get(districtId) ?? 0;
  if (amounts.some((district) => district.amountCents < spentOf(district.districtId)))
    return { outcome: 'BELOW_SPENDING' };
  return {
    outcome: 'IN_FORCE',
    replaces: current ? { allocationId: current.id, resolutionId: current.resolutionId } : null,
    supersededProposalId: current && current.proposalId !== proposal.id ? current.proposalId : null,
    watched: amounts
      .filter((district) => spentOf(district.districtId) !== 0)
      .map((district) => ({
        districtId: district.districtId,
        allocatedCents: district.amountCents,
        spentCents: spentOf(district.districtId),
      })),
  };
}
