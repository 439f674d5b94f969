import type { JobcenterUnitEntity } from '../entities';
import { referenced, RuleViolation } from '@jobcenter/subgraph-server';
import type { Resolvers } from './generated';
import { canRead } from './permissions';
import { serves } from '../domain/ownership';

const address = (unit: JobcenterUnitEntity) => ({
  street: unit.street,
  postalCode: unit.postalCode,
  town: unit.town,
});

export const unitResolvers: Resolvers = {
  JobcenterUnit: {
    __resolveType: (unit) => (unit.kind === 'DISTRICT_OFFICE' ? 'District' : 'JobcenterDepartment'),
  },
  District: {
    __resolveReference: async (reference, ctx) => {
      canRead(ctx.principal);
      const unit = await ctx.loaders.unit.load(reference.id);
      return unit?.kind === 'DISTRICT_OFFICE' && serves(ctx.ownership, unit) ? unit : null;
    },
    address,
    latestCaseloadReport: (unit, _, ctx) => ctx.loaders.latestReport.load(unit.id),
    caseloadReport: async (unit, { month }, ctx) => {
      const [report] = await ctx.loaders.reportsInRange.load({
        districtId: unit.id,
        from: month,
        to: month,
      });
      return report ?? null;
    },
    caseloadReports: (unit, { from, to }, ctx) => {
      if (to < from) throw new RuleViolation(`to (${to}) must not be before from (${from})`, 'to');
      return ctx.loaders.reportsInRange.load({ districtId: unit.id, from, to });
    },
    caseloadReportsConnection: (unit, args, ctx) => {
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
    __resolveReference: async (reference, ctx) => {
      canRead(ctx.principal);
      const unit = await ctx.loaders.unit.load(reference.id);
      return unit?.kind === 'DEPARTMENT' && serves(ctx.ownership, unit) ? unit : null;
    },
    address,
  },
};

export const caseloadReportResolvers: Resolvers = {
  CaseloadReport: {
    district: (report, _, ctx) => referenced(ctx.loaders.unit, report.districtId, 'district'),
    history: (report, _, ctx) => ctx.loaders.history.load(`${report.districtId}|${report.month}`),
  },
};
