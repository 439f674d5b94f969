import { proposalSchemas } from '@jobcenter/events';
import { RuleViolation } from '@jobcenter/subgraph-server';
import type { BudgetContext } from '../context';
import { integrationFundsOf, splitPools } from '../domain/budget';
import { reportCsv } from '../domain/report';
import { modelToOutput } from './models';
import { canReadAggregates, canReadBudget } from './permissions';
import { reportToOutput } from './types';

type Ctx = BudgetContext;

export const queryResolvers = {
  budget: async (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: Ctx) => {
    canReadAggregates(ctx.principal);
    const lines = await ctx.budgets.linesOf(fiscalYear);
    const [split] = await ctx.poolSplits.inForceOf([fiscalYear]);
    const integrationFunds = integrationFundsOf(lines);
    const pools = split
      ? splitPools(integrationFunds, split.decentralShareBasisPoints)
      : { centralCents: integrationFunds, decentralCents: 0 };
    return {
      fiscalYear,
      lines,
      total: lines.reduce((acc, line) => acc + line.amountCents, 0),
      integrationFunds,
      poolSplit: split ?? null,
      centralPool: pools.centralCents,
      decentralPool: pools.decentralCents,
    };
  },
  poolSplitDraft: async (
    _: unknown,
    args: { fiscalYear: number; decentralShareBasisPoints: number; criteria: string },
    ctx: Ctx,
  ) => {
    canReadBudget(ctx.principal);
    const parsed = proposalSchemas.POOL_SPLIT.safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new RuleViolation(issue.message, issue.path.join('.'));
    }
    const lines = await ctx.budgets.linesOf(args.fiscalYear);
    const integrationFunds = integrationFundsOf(lines);
    const pools = splitPools(integrationFunds, args.decentralShareBasisPoints);
    return {
      ...parsed.data,
      centralPool: pools.centralCents,
      decentralPool: pools.decentralCents,
      submissionProposal: JSON.stringify(parsed.data),
    };
  },
  allocationModel: async (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: Ctx) => {
    canReadBudget(ctx.principal);
    const { model, isDefault } = await ctx.allocations.modelOf(fiscalYear);
    return modelToOutput(model, isDefault);
  },
  allocationProposals: (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: Ctx) => {
    canReadBudget(ctx.principal);
    return ctx.allocations.proposals(fiscalYear);
  },
  allocationProposal: async (_: unknown, { id }: { id: string }, ctx: Ctx) => {
    canReadBudget(ctx.principal);
    return ctx.loaders.proposal.load(id);
  },
  allocation: async (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: Ctx) => {
    canReadAggregates(ctx.principal);
    return ctx.loaders.allocationOfYear.load(String(fiscalYear));
  },
  budgetReport: async (
    _: unknown,
    { fiscalYear, quarter }: { fiscalYear: number; quarter?: number | null },
    ctx: Ctx,
  ) => {
    canReadAggregates(ctx.principal);
    const report = await ctx.reports.report(fiscalYear, quarter ?? null);
    return { ...reportToOutput(report), csv: reportCsv(report) };
  },
};
