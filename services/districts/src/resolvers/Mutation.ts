import type { CaseloadFigures } from '../domain/caseload';
import type { SizeGroup } from '../domain/units';
import type { DistrictsContext } from '../context';
import { canChangeMasterData, canReportCaseload } from './permissions';

interface ReportInput {
  districtId: string;
  month: string;
  figures: CaseloadFigures;
}

export const mutationResolvers = {
  reportCaseload: (_: unknown, { input }: { input: ReportInput }, ctx: DistrictsContext) => {
    const caller = canReportCaseload(ctx.principal, input.districtId);
    return ctx.reporting.report({ ...input, reportedBy: caller.subject });
  },
  correctCaseloadReport: (
    _: unknown,
    { input }: { input: ReportInput & { reason: string } },
    ctx: DistrictsContext,
  ) => {
    const caller = canReportCaseload(ctx.principal, input.districtId);
    return ctx.reporting.correct({ ...input, reportedBy: caller.subject });
  },
  changeDistrictSizeGroup: (
    _: unknown,
    args: { districtId: string; sizeGroup: SizeGroup },
    ctx: DistrictsContext,
  ) => {
    canChangeMasterData(ctx.principal);
    return ctx.registry.changeSizeGroup(args.districtId, args.sizeGroup);
  },
};
