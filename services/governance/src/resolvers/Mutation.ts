import type { GovernanceContext } from '../context';
import type { Person, SeatRole, SizeGroup } from '../domain/board';
import type { Vote } from '../domain/decision';
import type { SubmissionKind } from '@jobcenter/events';
import type { Body } from '../application/meetings';
import type { Target } from '../domain/target-agreements';
import {
  canActForChair,
  canAnswerForChair,
  canDraftTargetAgreements,
  canPrepare,
  canRequestInvitation,
  canVote,
} from './permissions';

export const mutationResolvers = {
  savePeople: async (_: unknown, { people }: { people: Person[] }, ctx: GovernanceContext) => {
    canPrepare(ctx.principal);
    await ctx.board.savePeople(
      people.map((person) => ({ ...person, cityId: person.cityId ?? null })),
    );
    return ctx.board.people(people.map((person) => person.id));
  },
  setSteeringCommitteeMembers: (
    _: unknown,
    { personIds }: { personIds: string[] },
    ctx: GovernanceContext,
  ) => {
    canPrepare(ctx.principal);
    return ctx.board.setSteeringCommittee(personIds);
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
        public?: boolean | null;
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
  recordStaffCouncilConsultation: (
    _: unknown,
    args: { consultedOn: string; topic: string; outcome?: string | null },
    ctx: GovernanceContext,
  ) => {
    const caller = canActForChair(ctx.principal);
    return ctx.staffCouncil.recordConsultation(
      { ...args, outcome: args.outcome ?? null },
      caller.subject,
    );
  },
  inviteStaffCouncil: (
    _: unknown,
    args: { meetingId: string; personId: string; topic: string },
    ctx: GovernanceContext,
  ) => {
    canActForChair(ctx.principal);
    return ctx.staffCouncil.invite(args.meetingId, args.personId, args.topic, false);
  },
  requestStaffCouncilInvitation: (
    _: unknown,
    args: { meetingId: string; topic: string },
    ctx: GovernanceContext,
  ) => {
    const caller = canRequestInvitation(ctx.principal);
    return ctx.staffCouncil.invite(args.meetingId, caller.subject, args.topic, true);
  },
  answerInvitationRequest: (
    _: unknown,
    args: { invitationId: string; accept: boolean },
    ctx: GovernanceContext,
  ) => {
    canAnswerForChair(ctx.principal);
    return ctx.staffCouncil.answerRequest(args.invitationId, args.accept);
  },
  draftTargetAgreement: (
    _: unknown,
    {
      input,
    }: {
      input: {
        districtId: string;
        year: number;
        houseOfSocialServicesScope: string;
        guideScope: string;
        targets: Target[];
      };
    },
    ctx: GovernanceContext,
  ) => {
    canDraftTargetAgreements(ctx.principal);
    return ctx.targetAgreements.draft(input);
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
