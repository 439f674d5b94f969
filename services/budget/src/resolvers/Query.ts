import type { BudgetContext } from '../context';
import { splitPools } from '../domain/budget';
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
    const integrationFunds = lines
      .filter((line) => line.category === 'INTEGRATION_FUNDS')
      .reduce((acc, line) => acc + line.amountCents, 0);
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
    return (await ctx.loaders.proposal.load(id))[0] ?? null;
  },
  allocation: async (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: Ctx) => {
    canReadAggregates(ctx.principal);
    return (await ctx.loaders.allocationOfYear.load(fiscalYear))[0] ?? null;
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
