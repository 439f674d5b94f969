import { emptyConnection, referenced } from '@jobcenter/subgraph-server';
import type { BudgetReport } from '../domain/report';
import type { Resolvers } from './generated';
import { modelToOutput } from './models';
import {
  canReadAggregates,
  canReadBudget,
  canReadDistrictFunds,
  mayReadEntries,
} from './permissions';

const resolution = (id: string) => ({ __typename: 'Resolution', id });
const district = (id: string) => ({ id });

/** The report's figures under the schema's names (amounts are Cents). */
export function reportToOutput(report: BudgetReport) {
  return {
    period: report.period,
    lines: report.budgetLines,
    byCategory: report.byCategory.map((entry) => ({ ...entry, amount: entry.amountCents })),
    bySource: report.bySource.map((entry) => ({ ...entry, amount: entry.amountCents })),
    totalBudget: report.totalBudgetCents,
    pools: {
      decentralShareBasisPoints: report.pools.decentralShareBasisPoints,
      criteria: report.pools.criteria,
      central: report.pools.centralCents,
      decentral: report.pools.decentralCents,
    },
    districts: report.districts.map((line) => ({
      district: district(line.districtId),
      allocated: line.allocatedCents,
      committed: line.committedCents,
      expended: line.expendedCents,
      spentToDate: line.spentToDateCents,
      remaining: line.remainingCents,
    })),
    totals: {
      allocated: report.totals.allocatedCents,
      committed: report.totals.committedCents,
      expended: report.totals.expendedCents,
      spentToDate: report.totals.spentToDateCents,
      remaining: report.totals.remainingCents,
    },
  };
}

export const typeResolvers: Resolvers = {
  BudgetLine: {
    amount: (line) => line.amountCents,
  },
  PoolSplit: {
    resolution: (split) => resolution(split.resolutionId),
  },
  AllocationProposal: {
    pool: (proposal) => proposal.poolCents,
    model: (proposal) => modelToOutput(proposal.model, false),
    districts: (proposal, _, ctx) => ctx.loaders.proposalDistricts.load(proposal.id),
    resolution: (proposal) => (proposal.resolutionId ? resolution(proposal.resolutionId) : null),
  },
  ProposedDistrictAmount: {
    district: (amount) => district(amount.districtId),
    amount: (amount) => amount.amountCents,
    contributions: (amount) =>
      amount.contributions.map((contribution) => ({
        ...contribution,
        amount: contribution.amountCents,
      })),
  },
  Allocation: {
    __resolveReference: async (reference, ctx) => {
      canReadAggregates(ctx.principal);
      return ctx.loaders.allocation.load(reference.id);
    },
    pool: (allocation) => allocation.poolCents,
    resolution: (allocation) => resolution(allocation.resolutionId),
    // Reached also from a district's own allocation (city staff): the whole allocation's
    // figures and its proposal are for those who read them, checked here again.
    proposal: (allocation, _, ctx) => {
      canReadBudget(ctx.principal);
      return referenced(ctx.loaders.proposal, allocation.proposalId, 'allocation proposal');
    },
    districts: (allocation, _, ctx) => {
      canReadAggregates(ctx.principal);
      return ctx.loaders.districtsOfAllocation.load(allocation.id);
    },
  },
  DistrictAllocation: {
    district: (entry) => district(entry.districtId),
    allocation: (entry, _, ctx) =>
      referenced(ctx.loaders.allocation, entry.allocationId, 'allocation'),
    allocated: (entry) => entry.amountCents,
    spent: (entry) => entry.spentCents,
    remaining: (entry) => entry.remainingCents,
  },
  SpendingEntry: {
    district: (entry) => district(entry.districtId),
    amount: (entry) => entry.amountCents,
    reversalOf: async (entry, _, ctx) =>
      entry.reversalOf
        ? ((await ctx.loaders.entries.load(`${entry.fiscalYear}|${entry.districtId}`)).find(
            (candidate) => candidate.id === entry.reversalOf,
          ) ?? null)
        : null,
    reversedBy: async (entry, _, ctx) =>
      (await ctx.loaders.entries.load(`${entry.fiscalYear}|${entry.districtId}`)).find(
        (candidate) => candidate.reversalOf === entry.id,
      ) ?? null,
  },
  District: {
    __resolveReference: (reference) => reference,
    budgetAllocations: async ({ id }, _, ctx) => {
      if (!canReadDistrictFunds(ctx.principal, id)) return [];
      return ctx.loaders.allAllocationsOfDistrict.load(id);
    },
    budgetAllocation: async ({ id }, { fiscalYear }, ctx) => {
      if (!canReadDistrictFunds(ctx.principal, id)) return null;
      return (await ctx.loaders.districtAllocation.load(`${fiscalYear}|${id}`))[0] ?? null;
    },
    spendingEntries: async ({ id }, { fiscalYear }, ctx) => {
      if (!mayReadEntries(ctx.principal, id)) return [];
      return ctx.loaders.entries.load(`${fiscalYear}|${id}`);
    },
    spendingEntriesConnection: ({ id }, args, ctx) => {
      if (!mayReadEntries(ctx.principal, id)) return emptyConnection();
      return ctx.loaders.entryPage.load(id, args);
    },
  },
};
