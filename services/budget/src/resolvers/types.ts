import type { BudgetContext } from '../context';
import { emptyConnection, type PageArguments } from '@jobcenter/subgraph-server';
import type {
  AllocationRecord,
  DistrictAllocationRecord,
  ProposalDistrictRecord,
  ProposalRecord,
} from '../application/allocations';
import type { PoolSplit } from '../application/pool-splits';
import type { SpendingEntryRecord } from '../application/spending';
import type { BudgetLine } from '../domain/budget';
import type { BudgetReport } from '../domain/report';
import { modelToOutput } from './models';
import {
  canReadAggregates,
  canReadBudget,
  canReadDistrictFunds,
  mayReadEntries,
} from './permissions';

type Ctx = BudgetContext;

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

export const typeResolvers = {
  BudgetLine: {
    amount: (line: BudgetLine) => line.amountCents,
  },
  PoolSplit: {
    resolution: (split: PoolSplit) => resolution(split.resolutionId),
  },
  AllocationProposal: {
    pool: (proposal: ProposalRecord) => proposal.poolCents,
    model: (proposal: ProposalRecord) => modelToOutput(proposal.model, false),
    districts: (proposal: ProposalRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.proposalDistricts.load(proposal.id),
    resolution: (proposal: ProposalRecord) =>
      proposal.resolutionId ? resolution(proposal.resolutionId) : null,
  },
  ProposedDistrictAmount: {
    district: (amount: ProposalDistrictRecord) => district(amount.districtId),
    amount: (amount: ProposalDistrictRecord) => amount.amountCents,
    contributions: (amount: ProposalDistrictRecord) =>
      amount.contributions.map((contribution) => ({
        ...contribution,
        amount: contribution.amountCents,
      })),
  },
  Allocation: {
    __resolveReference: async (reference: { id: string }, ctx: Ctx) => {
      canReadAggregates(ctx.principal);
      return ctx.loaders.allocation.load(reference.id);
    },
    pool: (allocation: AllocationRecord) => allocation.poolCents,
    resolution: (allocation: AllocationRecord) => resolution(allocation.resolutionId),
    // Reached also from a district's own allocation (city staff): the whole allocation's
    // figures and its proposal are for those who read them, checked here again.
    proposal: (allocation: AllocationRecord, _: unknown, ctx: Ctx) => {
      canReadBudget(ctx.principal);
      return ctx.loaders.proposal.load(allocation.proposalId);
    },
    districts: (allocation: AllocationRecord, _: unknown, ctx: Ctx) => {
      canReadAggregates(ctx.principal);
      return ctx.loaders.districtsOfAllocation.load(allocation.id);
    },
  },
  DistrictAllocation: {
    district: (entry: DistrictAllocationRecord) => district(entry.districtId),
    allocation: (entry: DistrictAllocationRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.allocation.load(entry.allocationId),
    allocated: (entry: DistrictAllocationRecord) => entry.amountCents,
    spent: (entry: DistrictAllocationRecord) => entry.spentCents,
    remaining: (entry: DistrictAllocationRecord) => entry.remainingCents,
  },
  SpendingEntry: {
    district: (entry: SpendingEntryRecord) => district(entry.districtId),
    amount: (entry: SpendingEntryRecord) => entry.amountCents,
    reversalOf: async (entry: SpendingEntryRecord, _: unknown, ctx: Ctx) =>
      entry.reversalOf
        ? ((await ctx.loaders.entries.load(`${entry.fiscalYear}|${entry.districtId}`)).find(
            (candidate) => candidate.id === entry.reversalOf,
          ) ?? null)
        : null,
    reversedBy: async (entry: SpendingEntryRecord, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.entries.load(`${entry.fiscalYear}|${entry.districtId}`)).find(
        (candidate) => candidate.reversalOf === entry.id,
      ) ?? null,
  },
  District: {
    __resolveReference: (reference: { id: string }) => reference,
    budgetAllocations: async ({ id }: { id: string }, _: unknown, ctx: Ctx) => {
      if (!canReadDistrictFunds(ctx.principal, id)) return [];
      return ctx.loaders.allAllocationsOfDistrict.load(id);
    },
    budgetAllocation: async (
      { id }: { id: string },
      { fiscalYear }: { fiscalYear: number },
      ctx: Ctx,
    ) => {
      if (!canReadDistrictFunds(ctx.principal, id)) return null;
      return (await ctx.loaders.districtAllocation.load(`${fiscalYear}|${id}`))[0] ?? null;
    },
    spendingEntries: async (
      { id }: { id: string },
      { fiscalYear }: { fiscalYear: number },
      ctx: Ctx,
    ) => {
      if (!mayReadEntries(ctx.principal, id)) return [];
      return ctx.loaders.entries.load(`${fiscalYear}|${id}`);
    },
    spendingEntriesConnection: (
      { id }: { id: string },
      args: PageArguments & { fiscalYear: number },
      ctx: Ctx,
    ) => {
      if (!mayReadEntries(ctx.principal, id)) return emptyConnection();
      return ctx.loaders.entryPage.load(id, args);
    },
  },
};
