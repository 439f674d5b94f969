import type { BudgetContext } from '../context';
import type { BudgetCategory, FundingSource } from '../domain/budget';
import type { EntryKind } from '../domain/spending';
import { modelFromInput, modelToOutput, type AllocationModelInput } from './models';
import { canManageBudget, canRecordSomeSpending, canRecordSpending } from './permissions';

type Ctx = BudgetContext;

export const mutationResolvers = {
  setBudgetLine: (
    _: unknown,
    {
      input,
    }: {
      input: {
        fiscalYear: number;
        category: BudgetCategory;
        source: FundingSource;
        amount: number;
      };
    },
    ctx: Ctx,
  ) => {
    const caller = canManageBudget(ctx.principal);
    return ctx.budgets.setLine(
      {
        fiscalYear: input.fiscalYear,
        category: input.category,
        source: input.source,
        amountCents: input.amount,
      },
      caller.subject,
    );
  },
  setAllocationModel: async (
    _: unknown,
    { fiscalYear, model }: { fiscalYear: number; model: AllocationModelInput },
    ctx: Ctx,
  ) => {
    const caller = canManageBudget(ctx.principal);
    const domainModel = modelFromInput(model);
    await ctx.allocations.setModel(fiscalYear, domainModel, caller.subject);
    return modelToOutput(domainModel, false);
  },
  proposeAllocation: (_: unknown, { fiscalYear }: { fiscalYear: number }, ctx: Ctx) => {
    const caller = canManageBudget(ctx.principal);
    return ctx.allocations.propose(fiscalYear, caller.subject);
  },
  recordSpending: (
    _: unknown,
    {
      input,
    }: {
      input: {
        districtId: string;
        fiscalYear: number;
        kind: EntryKind;
        amount: number;
        purpose: string;
        legalBasis: string;
        bookedOn: string;
        documentReference: string;
      };
    },
    ctx: Ctx,
  ) => {
    const caller = canRecordSpending(ctx.principal, input.districtId);
    return ctx.spending.record(
      input.districtId,
      input.fiscalYear,
      {
        kind: input.kind,
        amountCents: input.amount,
        purpose: input.purpose,
        legalBasis: input.legalBasis,
        bookedOn: input.bookedOn,
        documentReference: input.documentReference,
      },
      caller.subject,
    );
  },
  reverseSpending: async (
    _: unknown,
    { entryId, reason, bookedOn }: { entryId: string; reason: string; bookedOn: string },
    ctx: Ctx,
  ) => {
    canRecordSomeSpending(ctx.principal);
    const original = await ctx.spending.entry(entryId);
    const caller = canRecordSpending(ctx.principal, original.districtId);
    return ctx.spending.reverse(entryId, reason, bookedOn, caller.subject);
  },
  settleCommitment: async (
    _: unknown,
    args: { commitmentId: string; amount: number; bookedOn: string; documentReference: string },
    ctx: Ctx,
  ) => {
    canRecordSomeSpending(ctx.principal);
    const commitment = await ctx.spending.entry(args.commitmentId);
    const caller = canRecordSpending(ctx.principal, commitment.districtId);
    return ctx.spending.settle(
      args.commitmentId,
      {
        amountCents: args.amount,
        bookedOn: args.bookedOn,
        documentReference: args.documentReference,
      },
      caller.subject,
    );
  },
};
