import type { MutationResolvers } from './generated';
import { modelFromInput, modelToOutput } from './models';
import { canManageBudget, canRecordSomeSpending, canRecordSpending } from './permissions';

export const mutationResolvers: MutationResolvers = {
  setBudgetLine: (_, { input }, ctx) => {
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
  setAllocationModel: async (_, { fiscalYear, model }, ctx) => {
    const caller = canManageBudget(ctx.principal);
    const domainModel = modelFromInput(model);
    await ctx.allocations.setModel(fiscalYear, domainModel, caller.subject);
    return modelToOutput(domainModel, false);
  },
  proposeAllocation: (_, { fiscalYear }, ctx) => {
    const caller = canManageBudget(ctx.principal);
    return ctx.allocations.propose(fiscalYear, caller.subject);
  },
  recordSpending: (_, { input }, ctx) => {
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
  reverseSpending: async (_, { entryId, reason, bookedOn }, ctx) => {
    canRecordSomeSpending(ctx.principal);
    const original = await ctx.spending.entry(entryId);
    const caller = canRecordSpending(ctx.principal, original.districtId);
    return ctx.spending.reverse(entryId, reason, bookedOn, caller.subject);
  },
  settleCommitment: async (_, args, ctx) => {
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
