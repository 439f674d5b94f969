import { proposalSchemas } from '@jobcenter/events';
import { RuleViolation } from '@jobcenter/subgraph-server';
import { integrationFundsOf, splitPools } from '../domain/budget';
import { reportCsv } from '../domain/report';
import type { QueryResolvers } from './generated';
import { modelToOutput } from './models';
import { canReadAggregates, canReadBudget } from './permissions';
import { reportToOutput } from './types';

export const queryResolvers: QueryResolvers = {
  budget: async (_, { fiscalYear }, ctx) => {
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
  poolSplitDraft: async (_, args, ctx) => {
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
  allocationModel: async (_, { fiscalYear }, ctx) => {
    canReadBudget(ctx.principal);
    const { model, isDefault } = await ctx.allocations.modelOf(fiscalYear);
    return modelToOutput(model, isDefault);
  },
  allocationProposals: (_, { fiscalYear }, ctx) => {
    canReadBudget(ctx.principal);
    return ctx.allocations.proposals(fiscalYear);
  },
  allocationProposal: async (_, { id }, ctx) => {
    canReadBudget(ctx.principal);
    return ctx.loaders.proposal.load(id);
  },
  allocation: async (_, { fiscalYear }, ctx) => {
    canReadAggregates(ctx.principal);
    return ctx.loaders.allocationOfYear.load(String(fiscalYear));
  },
  budgetReport: async (_, { fiscalYear, quarter }, ctx) => {
    canReadAggregates(ctx.principal);
    const report = await ctx.reports.report(fiscalYear, quarter ?? null);
    return { ...reportToOutput(report), csv: reportCsv(report) };
  },
};
