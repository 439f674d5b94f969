import type { QueryResolvers } from './generated';
import { canReadAppointments, canReadCounts, canReadStaff, canReadTransfers } from './permissions';
import { staffingKeyFields } from './types';

export const queryResolvers: QueryResolvers = {
  employees: (_, args, ctx) => {
    canReadStaff(ctx.principal);
    return ctx.employees.list({
      workplaces: args.workplace ? [args.workplace] : undefined,
      employer: args.employer ?? undefined,
      function: args.function ?? undefined,
      activeOnly: !args.includeFormer,
    });
  },
  employeesConnection: (_, args, ctx) => {
    canReadStaff(ctx.principal);
    const { workplace, employer, function: fn, includeFormer, ...page } = args;
    return ctx.employees.page(
      {
        workplaces: workplace ? [workplace] : undefined,
        employer: employer ?? undefined,
        function: fn ?? undefined,
        activeOnly: !includeFormer,
      },
      page,
    );
  },
  employee: (_, args, ctx) => {
    canReadStaff(ctx.principal);
    return ctx.loaders.employee.load(args.id);
  },
  posts: async (_, args, ctx) => {
    canReadStaff(ctx.principal);
    const posts = await ctx.loaders.postsOfUnit.load(args.unitId);
    return args.status ? posts.filter((post) => post.status === args.status) : posts;
  },
  postsConnection: (_, args, ctx) => {
    canReadStaff(ctx.principal);
    const { unitId, status, ...page } = args;
    return ctx.loaders.postPageOfUnit.load(unitId, { ...page, status: status ?? undefined });
  },
  post: (_, args, ctx) => {
    canReadStaff(ctx.principal);
    return ctx.loaders.post.load(args.id);
  },
  staffingKey: async (_, __, ctx) => {
    canReadCounts(ctx.principal);
    return staffingKeyFields(await ctx.staffing.keyInForce());
  },
  staffingKeys: async (_, __, ctx) => {
    canReadCounts(ctx.principal);
    return (await ctx.staffing.keys()).map(staffingKeyFields);
  },
  transfers: (_, args, ctx) => {
    canReadTransfers(ctx.principal);
    return ctx.transfers.list({ status: args.status ?? undefined, city: args.city ?? undefined });
  },
  transfersConnection: (_, args, ctx) => {
    canReadTransfers(ctx.principal);
    const { status, city, ...page } = args;
    return ctx.transfers.page({ status: status ?? undefined, city: city ?? undefined }, page);
  },
  transferGroupReports: (_, __, ctx) => {
    canReadTransfers(ctx.principal);
    return ctx.transfers.reports();
  },
  appointments: (_, args, ctx) => {
    canReadAppointments(ctx.principal);
    return ctx.appointments.list(args.status ?? undefined);
  },
  appointmentsConnection: (_, args, ctx) => {
    canReadAppointments(ctx.principal);
    const { status, ...page } = args;
    return ctx.appointments.page(status ?? undefined, page);
  },
  regionalTasks: (_, __, ctx) => {
    canReadCounts(ctx.principal);
    return ctx.regionalTasks.list();
  },
};
