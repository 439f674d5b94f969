import type { StaffFunction } from '../domain/functions';
import type { AppointmentStatus } from '../domain/appointments';
import type { PostStatus } from '../domain/posts';
import type { TransferStatus } from '../domain/transfers';
import type { PersonnelContext } from '../context';
import type { PageArguments } from '@jobcenter/subgraph-server';
import { canReadAppointments, canReadCounts, canReadStaff, canReadTransfers } from './permissions';
import { staffingKeyFields } from './types';

type Ctx = PersonnelContext;

export const queryResolvers = {
  employees: (
    _: unknown,
    args: {
      workplace?: string;
      employer?: string;
      function?: StaffFunction;
      includeFormer: boolean;
    },
    ctx: Ctx,
  ) => {
    canReadStaff(ctx.principal);
    return ctx.employees.list({
      workplaces: args.workplace ? [args.workplace] : undefined,
      employer: args.employer,
      function: args.function,
      activeOnly: !args.includeFormer,
    });
  },
  employeesConnection: (
    _: unknown,
    args: PageArguments & {
      workplace?: string;
      employer?: string;
      function?: StaffFunction;
      includeFormer: boolean;
    },
    ctx: Ctx,
  ) => {
    canReadStaff(ctx.principal);
    const { workplace, employer, function: fn, includeFormer, ...page } = args;
    return ctx.employees.page(
      {
        workplaces: workplace ? [workplace] : undefined,
        employer,
        function: fn,
        activeOnly: !includeFormer,
      },
      page,
    );
  },
  employee: (_: unknown, args: { id: string }, ctx: Ctx) => {
    canReadStaff(ctx.principal);
    return ctx.loaders.employee.load(args.id);
  },
  posts: async (_: unknown, args: { unitId: string; status?: PostStatus }, ctx: Ctx) => {
    canReadStaff(ctx.principal);
    const posts = await ctx.loaders.postsOfUnit.load(args.unitId);
    return args.status ? posts.filter((post) => post.status === args.status) : posts;
  },
  postsConnection: (
    _: unknown,
    args: PageArguments & { unitId: string; status?: PostStatus },
    ctx: Ctx,
  ) => {
    canReadStaff(ctx.principal);
    const { unitId, ...rest } = args;
    return ctx.loaders.postPageOfUnit.load(unitId, rest);
  },
  post: (_: unknown, args: { id: string }, ctx: Ctx) => {
    canReadStaff(ctx.principal);
    return ctx.loaders.post.load(args.id);
  },
  staffingKey: async (_: unknown, __: unknown, ctx: Ctx) => {
    canReadCounts(ctx.principal);
    return staffingKeyFields(await ctx.staffing.keyInForce());
  },
  staffingKeys: async (_: unknown, __: unknown, ctx: Ctx) => {
    canReadCounts(ctx.principal);
    return (await ctx.staffing.keys()).map(staffingKeyFields);
  },
  transfers: (_: unknown, args: { status?: TransferStatus; city?: string }, ctx: Ctx) => {
    canReadTransfers(ctx.principal);
    return ctx.transfers.list(args);
  },
  transfersConnection: (
    _: unknown,
    args: PageArguments & { status?: TransferStatus; city?: string },
    ctx: Ctx,
  ) => {
    canReadTransfers(ctx.principal);
    const { status, city, ...page } = args;
    return ctx.transfers.page({ status, city }, page);
  },
  transferGroupReports: (_: unknown, __: unknown, ctx: Ctx) => {
    canReadTransfers(ctx.principal);
    return ctx.transfers.reports();
  },
  appointments: (_: unknown, args: { status?: AppointmentStatus }, ctx: Ctx) => {
    canReadAppointments(ctx.principal);
    return ctx.appointments.list(args.status);
  },
  appointmentsConnection: (
    _: unknown,
    args: PageArguments & { status?: AppointmentStatus },
    ctx: Ctx,
  ) => {
    canReadAppointments(ctx.principal);
    const { status, ...page } = args;
    return ctx.appointments.page(status, page);
  },
  regionalTasks: (_: unknown, __: unknown, ctx: Ctx) => {
    canReadCounts(ctx.principal);
    return ctx.regionalTasks.list();
  },
};
