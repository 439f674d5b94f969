import { DEPARTMENT_ID } from '@jobcenter/auth';
import { toFte } from '../domain/fte';
import { employerOfPost, type PostStatus } from '../domain/posts';
import type { PageArguments } from '@jobcenter/subgraph-server';
import { CONSENT_PARTIES } from '../domain/transfers';
import type { AppointmentRecord } from '../application/appointments';
import type { EmployeeRecord, PostRecord } from '../application/records';
import type { RegionalTaskRecord } from '../application/regional-tasks';
import type { StaffingKey, CaseworkGap } from '../domain/staffing';
import type { StaffingRequirementRecord } from '../application/staffing';
import type { TransferRecord } from '../application/transfers';
import type { PersonnelContext } from '../context';
import {
  canReadCounts,
  canReadStaff,
  mayReadAppointments,
  mayReadStaff,
  maySeeName,
} from './permissions';

type Ctx = PersonnelContext;

const districtOf = (unitId: string) => (unitId === DEPARTMENT_ID ? null : { id: unitId });

const caseworkFte = (g: CaseworkGap) => ({
  requiredFte: toFte(g.requiredFte),
  heldFte: toFte(g.heldFte),
  gapFte: toFte(g.gapFte),
});

export const staffingKeyFields = (key: StaffingKey & { resolutionNumber?: string | null }) => ({
  ...key,
  resolutionNumber: key.resolutionNumber ?? null,
});

export const typeResolvers = {
  Employee: {
    __resolveReference: (reference: { id: string }, ctx: Ctx) => {
      canReadStaff(ctx.principal);
      return ctx.loaders.employee.load(reference.id);
    },
    name: (employee: EmployeeRecord, _: unknown, ctx: Ctx) =>
      maySeeName(ctx.principal, employee.employer) ? employee.name : null,
    workplaceId: (employee: EmployeeRecord) => employee.workplace,
    district: (employee: EmployeeRecord) => districtOf(employee.workplace),
    fte: (employee: EmployeeRecord) => toFte(employee.fteMilli),
    post: (employee: EmployeeRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.postOfHolder.load(employee.id),
  },
  Post: {
    __resolveReference: (reference: { id: string }, ctx: Ctx) => {
      canReadStaff(ctx.principal);
      return ctx.loaders.post.load(reference.id);
    },
    district: (post: PostRecord) => districtOf(post.unitId),
    fte: (post: PostRecord) => toFte(post.fteMilli),
    employer: (post: PostRecord) => employerOfPost(post.unitId, post.employerSide),
    holder: (post: PostRecord, _: unknown, ctx: Ctx) =>
      post.holderId && mayReadStaff(ctx.principal)
        ? ctx.loaders.employee.load(post.holderId)
        : null,
    advertisements: (post: PostRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.advertisements.load(post.id),
    advertisementsConnection: (post: PostRecord, args: PageArguments, ctx: Ctx) =>
      ctx.loaders.advertisementPage.load(post.id, args),
    pendingAppointment: (post: PostRecord, _: unknown, ctx: Ctx) =>
      post.pendingAppointment && mayReadAppointments(ctx.principal)
        ? ctx.loaders.pendingAppointmentOfPost.load(post.id)
        : null,
  },
  District: {
    staff: async (district: { id: string }, _: unknown, ctx: Ctx) => {
      canReadCounts(ctx.principal);
      return (await ctx.loaders.staffOfUnit.load(district.id)).map((row) => ({
        function: row.function,
        employer: row.employer,
        headcount: row.headcount,
        fte: toFte(row.fteMilli),
      }));
    },
    posts: async (district: { id: string }, args: { status?: string }, ctx: Ctx) => {
      canReadStaff(ctx.principal);
      const posts = await ctx.loaders.postsOfUnit.load(district.id);
      return args.status ? posts.filter((post) => post.status === args.status) : posts;
    },
    postsConnection: (
      district: { id: string },
      args: PageArguments & { status?: PostStatus },
      ctx: Ctx,
    ) => {
      canReadStaff(ctx.principal);
      return ctx.loaders.postPageOfUnit.load(district.id, args);
    },
    staffingRequirement: (district: { id: string }, _: unknown, ctx: Ctx) => {
      canReadCounts(ctx.principal);
      return ctx.loaders.requirement.load(district.id);
    },
  },
  StaffingRequirement: {
    caseloadMonth: (r: StaffingRequirementRecord) => r.caseload.month,
    benefitHouseholds: (r: StaffingRequirementRecord) => r.caseload.benefitHouseholds,
    eligibleJobseekers: (r: StaffingRequirementRecord) => r.caseload.eligibleJobseekers,
    eligibleJobseekersUnder25: (r: StaffingRequirementRecord) =>
      r.caseload.eligibleJobseekersUnder25,
    key: (r: StaffingRequirementRecord) => staffingKeyFields(r.key),
    benefits: (r: StaffingRequirementRecord) => caseworkFte(r.benefits),
    integration: (r: StaffingRequirementRecord) => caseworkFte(r.integration),
  },
  StaffingKey: {
    resolutionId: (key: StaffingKey) => key.resolutionId,
  },
  Transfer: {
    employee: (t: TransferRecord, _: unknown, ctx: Ctx) =>
      t.employeeId ? ctx.loaders.employee.load(t.employeeId) : null,
    post: (t: TransferRecord, _: unknown, ctx: Ctx) =>
      t.postId ? ctx.loaders.post.load(t.postId) : null,
    from: (t: TransferRecord) => t.fromEmployer,
    to: (t: TransferRecord) => t.toEmployer,
    consents: (t: TransferRecord) =>
      t.kind === 'FLUCTUATION'
        ? []
        : CONSENT_PARTIES.map((party) => ({ party, consent: t.consents[party] ?? null })),
  },
  Appointment: {
    post: (a: AppointmentRecord, _: unknown, ctx: Ctx) => ctx.loaders.post.load(a.postId),
    candidate: (a: AppointmentRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.employee.load(a.candidateId),
    resolution: (a: AppointmentRecord) => (a.resolutionId ? { id: a.resolutionId } : null),
  },
  RegionalTask: {
    resolution: (task: RegionalTaskRecord) =>
      task.resolutionId ? { id: task.resolutionId } : null,
  },
};
