import { DEPARTMENT_ID } from '@jobcenter/auth';
import { toFte } from '../domain/fte';
import { employerOfPost } from '../domain/posts';
import { referenced } from '@jobcenter/subgraph-server';
import { CONSENT_PARTIES } from '../domain/transfers';
import type { StaffingKey, CaseworkGap } from '../domain/staffing';
import type { Resolvers } from './generated';
import {
  canReadCounts,
  canReadStaff,
  mayReadAppointments,
  mayReadStaff,
  maySeeName,
} from './permissions';

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

export const typeResolvers: Resolvers = {
  Employee: {
    __resolveReference: (reference, ctx) => {
      canReadStaff(ctx.principal);
      return ctx.loaders.employee.load(reference.id);
    },
    name: (employee, _, ctx) =>
      maySeeName(ctx.principal, employee.employer) ? employee.name : null,
    workplaceId: (employee) => employee.workplace,
    district: (employee) => districtOf(employee.workplace),
    fte: (employee) => toFte(employee.fteMilli),
    post: (employee, _, ctx) => ctx.loaders.postOfHolder.load(employee.id),
  },
  Post: {
    __resolveReference: (reference, ctx) => {
      canReadStaff(ctx.principal);
      return ctx.loaders.post.load(reference.id);
    },
    district: (post) => districtOf(post.unitId),
    fte: (post) => toFte(post.fteMilli),
    employer: (post) => employerOfPost(post.unitId, post.employerSide),
    holder: (post, _, ctx) =>
      post.holderId && mayReadStaff(ctx.principal)
        ? ctx.loaders.employee.load(post.holderId)
        : null,
    advertisements: (post, _, ctx) => ctx.loaders.advertisements.load(post.id),
    advertisementsConnection: (post, args, ctx) =>
      ctx.loaders.advertisementPage.load(post.id, args),
    pendingAppointment: (post, _, ctx) =>
      post.pendingAppointment && mayReadAppointments(ctx.principal)
        ? ctx.loaders.pendingAppointmentOfPost.load(post.id)
        : null,
  },
  District: {
    staff: async (district, _, ctx) => {
      canReadCounts(ctx.principal);
      return (await ctx.loaders.staffOfUnit.load(district.id)).map((row) => ({
        function: row.function,
        employer: row.employer,
        headcount: row.headcount,
        fte: toFte(row.fteMilli),
      }));
    },
    posts: async (district, args, ctx) => {
      canReadStaff(ctx.principal);
      const posts = await ctx.loaders.postsOfUnit.load(district.id);
      return args.status ? posts.filter((post) => post.status === args.status) : posts;
    },
    postsConnection: (district, args, ctx) => {
      canReadStaff(ctx.principal);
      const { status, ...page } = args;
      return ctx.loaders.postPageOfUnit.load(district.id, { ...page, status: status ?? undefined });
    },
    staffingRequirement: (district, _, ctx) => {
      canReadCounts(ctx.principal);
      return ctx.loaders.requirement.load(district.id);
    },
  },
  StaffingRequirement: {
    caseloadMonth: (r) => r.caseload.month,
    benefitHouseholds: (r) => r.caseload.benefitHouseholds,
    eligibleJobseekers: (r) => r.caseload.eligibleJobseekers,
    eligibleJobseekersUnder25: (r) => r.caseload.eligibleJobseekersUnder25,
    key: (r) => staffingKeyFields(r.key),
    benefits: (r) => caseworkFte(r.benefits),
    integration: (r) => caseworkFte(r.integration),
  },
  StaffingKey: {
    resolutionId: (key) => key.resolutionId,
  },
  Transfer: {
    employee: (t, _, ctx) => (t.employeeId ? ctx.loaders.employee.load(t.employeeId) : null),
    post: (t, _, ctx) => (t.postId ? ctx.loaders.post.load(t.postId) : null),
    from: (t) => t.fromEmployer,
    to: (t) => t.toEmployer,
    consents: (t) =>
      t.kind === 'FLUCTUATION'
        ? []
        : CONSENT_PARTIES.map((party) => ({ party, consent: t.consents[party] ?? null })),
  },
  Appointment: {
    post: (a, _, ctx) => referenced(ctx.loaders.post, a.postId, 'post'),
    candidate: (a, _, ctx) => referenced(ctx.loaders.employee, a.candidateId, 'employee'),
    resolution: (a) => (a.resolutionId ? { id: a.resolutionId } : null),
  },
  RegionalTask: {
    resolution: (task) => (task.resolutionId ? { id: task.resolutionId } : null),
  },
};
