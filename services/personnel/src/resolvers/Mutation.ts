import type { StaffFunction } from '../domain/functions';
import type { AdvertisementScope, EmployerSide } from '../domain/posts';
import type { ConsentParty } from '../domain/transfers';
import type { HireInput } from '../application/employees';
import type { PersonnelContext } from '../context';
import {
  canReportAsTransferGroup,
  canRunTransfers,
  consentRecorder,
  staffWriter,
} from './permissions';

type Ctx = PersonnelContext;

const subject = (ctx: Ctx) => ctx.principal?.subject ?? 'unknown';

export const mutationResolvers = {
  hireEmployee: (_: unknown, args: { input: HireInput }, ctx: Ctx) =>
    ctx.employees.hire(args.input, staffWriter(ctx.principal, 'Hiring')),
  endEmployment: (_: unknown, args: { employeeId: string; endDate: string }, ctx: Ctx) =>
    ctx.employees.end(
      args.employeeId,
      args.endDate,
      staffWriter(ctx.principal, 'Ending an employment'),
    ),
  createPost: (
    _: unknown,
    args: {
      input: { unitId: string; function: StaffFunction; fte: number; employerSide: EmployerSide };
    },
    ctx: Ctx,
  ) => ctx.posts.create(args.input, staffWriter(ctx.principal, 'Creating a post')),
  advertisePost: (
    _: unknown,
    args: {
      input: { postId: string; scope: AdvertisementScope; publishedOn: string; closesOn: string };
    },
    ctx: Ctx,
  ) =>
    ctx.posts.advertise(args.input, staffWriter(ctx.principal, 'Advertising a post'), subject(ctx)),
  fillPost: (_: unknown, args: { postId: string; employeeId: string }, ctx: Ctx) =>
    ctx.posts.fill(args.postId, args.employeeId, staffWriter(ctx.principal, 'Filling a post')),
  vacatePost: (_: unknown, args: { postId: string }, ctx: Ctx) =>
    ctx.posts.vacate(args.postId, staffWriter(ctx.principal, 'Vacating a post')),
  transferPostByFluctuation: (_: unknown, args: { postId: string; reason: string }, ctx: Ctx) => {
    canRunTransfers(ctx.principal);
    return ctx.transfers.byFluctuation(args.postId, args.reason, subject(ctx));
  },
  proposeVoluntaryTransfer: (
    _: unknown,
    args: { employeeId: string; to: string; reason: string },
    ctx: Ctx,
  ) => {
    canRunTransfers(ctx.principal);
    return ctx.transfers.proposeVoluntary(args, subject(ctx));
  },
  answerTransfer: (
    _: unknown,
    args: { transferId: string; party: ConsentParty; consent: boolean },
    ctx: Ctx,
  ) =>
    ctx.transfers.answer(
      args.transferId,
      args.party,
      args.consent,
      consentRecorder(ctx.principal, args.party),
    ),
  submitTransferGroupReport: (_: unknown, args: { title: string; text: string }, ctx: Ctx) => {
    canReportAsTransferGroup(ctx.principal);
    return ctx.transfers.report(args, subject(ctx));
  },
  proposeAppointment: (_: unknown, args: { postId: string; candidateId: string }, ctx: Ctx) =>
    ctx.appointments.propose(
      args,
      staffWriter(ctx.principal, 'Proposing an appointment'),
      subject(ctx),
    ),
};
