import type { JobcenterUnitEntity } from '../entities';
import type { DistrictsContext } from '../context';
import { RuleViolation, type PageArguments } from '@jobcenter/subgraph-server';
import { canRead } from './permissions';
import { serves } from '../domain/ownership';

const address = (unit: JobcenterUnitEntity) => ({
  street: unit.street,
  postalCode: unit.postalCode,
  town: unit.town,
});

export const unitResolvers = {
  JobcenterUnit: {
    __resolveType: (unit: JobcenterUnitEntity) =>
      unit.kind === 'DISTRICT_OFFICE' ? 'District' : 'JobcenterDepartment',
  },
  District: {
    __resolveReference: async (reference: { id: string }, ctx: DistrictsContext) => {
      canRead(ctx.principal);
      const unit = await ctx.loaders.unit.load(reference.id);
      return unit?.kind === 'DISTRICT_OFFICE' && serves(ctx.ownership, unit) ? unit : null;
    },
    address,
    latestCaseloadReport: (unit: JobcenterUnitEntity, _: unknown, ctx: DistrictsContext) =>
      ctx.loaders.latestReport.load(unit.id),
    caseloadReport: async (
      unit: JobcenterUnitEntity,
      { month }: { month: string },
      ctx: DistrictsContext,
    ) => {
      const [report] = await ctx.loaders.reportsInRange.load({
        districtId: unit.id,
        from: month,
        to: month,
      });
      return report ?? null;
    },
    caseloadReports: (
      unit: JobcenterUnitEntity,
      { from, to }: { from: string; to: string },
      ctx: DistrictsContext,
    ) => {
      if (to < from) throw new RuleViolation(`to (${to}) must not be before from (${from})`, 'to');
      return ctx.loaders.reportsInRange.load({ districtId: unit.id, from, to });
    },
    caseloadReportsConnection: (
      unit: JobcenterUnitEntity,
      args: PageArguments & { from?: string | null; to?: string | null },
      ctx: DistrictsContext,
    ) => {
      const { from, to, ...page } = args;
      if (from && to && to < from) {
        throw new RuleViolation(`to (${to}) must not be before from (${from})`, 'to');
      }
      return ctx.loaders.reportPage.load(unit.id, {
        ...page,
        from: from ?? undefined,
        to: to ?? undefined,
      });
    },
  },
  JobcenterDepartment: {
    __resolveReference: async (reference: { id: string }, ctx: DistrictsContext) => {
      canRead(ctx.principal);
      const unit = await ctx.loaders.unit.load(reference.id);
      return unit?.kind === 'DEPARTMENT' && serves(ctx.ownership, unit) ? unit : null;
    },
    address,
  },
};

export const caseloadReportResolvers = {
  CaseloadReport: {
    district: (report: { districtId: string }, _: unknown, ctx: DistrictsContext) =>
      ctx.loaders.unit.load(report.districtId),
    history: (report: { districtId: string; month: string }, _: unknown, ctx: DistrictsContext) =>
      ctx.loaders.history.load(`${report.districtId}|${report.month}`),
  },
};
