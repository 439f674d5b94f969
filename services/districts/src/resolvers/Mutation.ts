import type { MutationResolvers } from './generated';
import { canChangeMasterData, canReportCaseload } from './permissions';

export const mutationResolvers: MutationResolvers = {
  reportCaseload: (_, { input }, ctx) => {
    const caller = canReportCaseload(ctx.principal, input.districtId);
    return ctx.reporting.report({ ...input, reportedBy: caller.subject });
  },
  correctCaseloadReport: (_, { input }, ctx) => {
    const caller = canReportCaseload(ctx.principal, input.districtId);
    return ctx.reporting.correct({ ...input, reportedBy: caller.subject });
  },
  changeDistrictSizeGroup: (_, args, ctx) => {
    canChangeMasterData(ctx.principal);
    return ctx.registry.changeSizeGroup(args.districtId, args.sizeGroup);
  },
};
