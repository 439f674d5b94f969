import type { MutationResolvers } from './generated';
import {
  canActForChair,
  canAnswerForChair,
  canDraftTargetAgreements,
  canPrepare,
  canRequestInvitation,
  canVote,
} from './permissions';

export const mutationResolvers: MutationResolvers = {
  savePeople: async (_, { people }, ctx) => {
    canPrepare(ctx.principal);
    await ctx.board.savePeople(
      people.map((person) => ({ ...person, cityId: person.cityId ?? null })),
    );
    return ctx.board.people(people.map((person) => person.id));
  },
  setSteeringCommitteeMembers: (_, { personIds }, ctx) => {
    canPrepare(ctx.principal);
    return ctx.board.setSteeringCommittee(personIds);
  },
  setBoardSeats: async (_, { seats }, ctx) => {
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
  createSubmission: (_, { input }, ctx) => {
    const caller = canPrepare(ctx.principal);
    return ctx.submissions.create({ ...input, proposal: input.proposal ?? null }, caller.subject);
  },
  scheduleMeeting: (_, args, ctx) => {
    canPrepare(ctx.principal);
    return ctx.meetings.schedule(args.body, args.scheduledFor);
  },
  addAgendaItem: (_, args, ctx) => {
    canPrepare(ctx.principal);
    return ctx.meetings.addAgendaItem(args.meetingId, args.submissionId);
  },
  holdMeeting: (_, args, ctx) => {
    canPrepare(ctx.principal);
    return ctx.meetings.hold(
      args.meetingId,
      args.attendance,
      args.guestIds ?? [],
      args.heldAt ?? null,
    );
  },
  cancelMeeting: (_, { meetingId }, ctx) => {
    canPrepare(ctx.principal);
    return ctx.meetings.cancel(meetingId);
  },
  recordStaffCouncilConsultation: (_, args, ctx) => {
    const caller = canActForChair(ctx.principal);
    return ctx.staffCouncil.recordConsultation(
      { ...args, outcome: args.outcome ?? null },
      caller.subject,
    );
  },
  inviteStaffCouncil: (_, args, ctx) => {
    canActForChair(ctx.principal);
    return ctx.staffCouncil.invite(args.meetingId, args.personId, args.topic, false);
  },
  requestStaffCouncilInvitation: (_, args, ctx) => {
    const caller = canRequestInvitation(ctx.principal);
    return ctx.staffCouncil.invite(args.meetingId, caller.subject, args.topic, true);
  },
  answerInvitationRequest: (_, args, ctx) => {
    canAnswerForChair(ctx.principal);
    return ctx.staffCouncil.answerRequest(args.invitationId, args.accept);
  },
  draftTargetAgreement: (_, { input }, ctx) => {
    canDraftTargetAgreements(ctx.principal);
    return ctx.targetAgreements.draft(input);
  },
  castVote: (_, args, ctx) => {
    const caller = canVote(ctx.principal);
    return ctx.resolutions.vote(args.resolutionId, caller.subject, args.vote);
  },
  decideDissent: (_, args, ctx) => {
    const caller = canVote(ctx.principal);
    return ctx.resolutions.decide(args.resolutionId, caller.subject, args.decision);
  },
};
