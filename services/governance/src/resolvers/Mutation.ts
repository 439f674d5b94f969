import type { GovernanceContext } from '../context';
import type { Person, SeatRole, SizeGroup } from '../domain/board';
import type { Vote } from '../domain/decision';
import type { SubmissionKind } from '../domain/submissions';
import type { Body } from '../application/meetings';
import { canPrepare, canVote } from './permissions';

export const mutationResolvers = {
  savePeople: async (_: unknown, { people }: { people: Person[] }, ctx: GovernanceContext) => {
    canPrepare(ctx.principal);
    await ctx.board.savePeople(
      people.map((person) => ({ ...person, cityId: person.cityId ?? null })),
    );
    return ctx.board.people(people.map((person) => person.id));
  },
  setBoardSeats: async (
    _: unknown,
    {
      seats,
    }: {
      seats: {
        seatId: string;
        role: SeatRole;
        sizeGroup?: SizeGroup | null;
        memberId: string;
        substituteId?: string | null;
      }[];
    },
    ctx: GovernanceContext,
  ) => {
    canPrepare(ctx.principal);
    const saved = await ctx.board.setSeats(
      seats.map((seat) => ({
        ...seat,
        sizeGroup: seat.sizeGroup ?? null,
        substituteId: seat.substituteId ?? null,
      })),
    );
    return { seats: saved, findings: await ctx.board.findings() };
  },
  createSubmission: (
    _: unknown,
    {
      input,
    }: {
      input: {
        title: string;
        text: string;
        authorUnit: string;
        kind: SubmissionKind;
        proposal?: unknown;
      };
    },
    ctx: GovernanceContext,
  ) => {
    const caller = canPrepare(ctx.principal);
    return ctx.submissions.create({ ...input, proposal: input.proposal ?? null }, caller.subject);
  },
  scheduleMeeting: (
    _: unknown,
    args: { body: Body; scheduledFor: Date },
    ctx: GovernanceContext,
  ) => {
    canPrepare(ctx.principal);
    return ctx.meetings.schedule(args.body, args.scheduledFor);
  },
  addAgendaItem: (
    _: unknown,
    args: { meetingId: string; submissionId: string },
    ctx: GovernanceContext,
  ) => {
    canPrepare(ctx.principal);
    return ctx.meetings.addAgendaItem(args.meetingId, args.submissionId);
  },
  holdMeeting: (
    _: unknown,
    args: {
      meetingId: string;
      attendance: { seatId: string; attendedBy: 'MEMBER' | 'SUBSTITUTE' }[];
      guestIds?: string[] | null;
      heldAt?: Date | null;
    },
    ctx: GovernanceContext,
  ) => {
    canPrepare(ctx.principal);
    return ctx.meetings.hold(
      args.meetingId,
      args.attendance,
      args.guestIds ?? [],
      args.heldAt ?? null,
    );
  },
  cancelMeeting: (_: unknown, { meetingId }: { meetingId: string }, ctx: GovernanceContext) => {
    canPrepare(ctx.principal);
    return ctx.meetings.cancel(meetingId);
  },
  castVote: (_: unknown, args: { resolutionId: string; vote: Vote }, ctx: GovernanceContext) => {
    const caller = canVote(ctx.principal);
    return ctx.resolutions.vote(args.resolutionId, caller.subject, args.vote);
  },
  decideDissent: (
    _: unknown,
    args: { resolutionId: string; decision: 'ADOPT' | 'REJECT' },
    ctx: GovernanceContext,
  ) => {
    const caller = canVote(ctx.principal);
    return ctx.resolutions.decide(args.resolutionId, caller.subject, args.decision);
  },
};
