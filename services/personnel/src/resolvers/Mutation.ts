import type { PersonnelContext } from '../context';
import type { MutationResolvers } from './generated';
import {
  canReportAsTransferGroup,
  canRunTransfers,
  consentRecorder,
  staffWriter,
} from './permissions';

type Ctx = PersonnelContext;

const subject = (ctx: Ctx) => ctx.principal?.subject ?? 'unknown';

export const mutationResolvers: MutationResolvers = {
  hireEmployee: (_, args, ctx) =>
    ctx.employees.hire(args.input, staffWriter(ctx.principal, 'Hiring')),
  endEmployment: (_, args, ctx) =>
    ctx.employees.end(
      args.employeeId,
      args.endDate,
      staffWriter(ctx.principal, 'Ending an employment'),
    ),
  createPost: (_, args, ctx) =>
    ctx.posts.create(args.input, staffWriter(ctx.principal, 'Creating a post')),
  advertisePost: (_, args, ctx) =>
    ctx.posts.advertise(args.input, staffWriter(ctx.principal, 'Advertising a post'), subject(ctx)),
  fillPost: (_, args, ctx) =>
    ctx.posts.fill(args.postId, args.employeeId, staffWriter(ctx.principal, 'Filling a post')),
  vacatePost: (_, args, ctx) =>
    ctx.posts.vacate(args.postId, staffWriter(ctx.principal, 'Vacating a post')),
  transferPostByFluctuation: (_, args, ctx) => {
    canRunTransfers(ctx.principal);
    return ctx.transfers.byFluctuation(args.postId, args.reason, subject(ctx));
  },
  proposeVoluntaryTransfer: (_, args, ctx) => {
    canRunTransfers(ctx.principal);
    return ctx.transfers.proposeVoluntary(args, subject(ctx));
  },
  answerTransfer: (_, args, ctx) =>
    ctx.transfers.answer(
      args.transferId,
      args.party,
      args.consent,
      consentRecorder(ctx.principal, args.party),
    ),
  submitTransferGroupReport: (_, args, ctx) => {
    canReportAsTransferGroup(ctx.principal);
    return ctx.transfers.report(args, subject(ctx));
  },
  withdrawAppointment: (_, args, ctx) =>
    ctx.appointments.withdraw(
      args.appointmentId,
      args.reason,
      staffWriter(ctx.principal, 'Withdrawing an appointment'),
    ),
  proposeAppointment: (_, args, ctx) =>
    ctx.appointments.propose(
      args,
      staffWriter(ctx.principal, 'Proposing an appointment'),
      subject(ctx),
    ),
};
