import { referenced } from '@jobcenter/subgraph-server';
import type { GovernanceContext } from '../context';
import type { Resolvers } from './generated';
import {
  canReadBenchmark,
  canReadBoardWork,
  canReadResolutions,
  mayReadResolutions,
  visibleTargetAgreementCities,
} from './permissions';

type Ctx = GovernanceContext;

/** Who may see a meeting's inside (agenda, attendance, votes' meeting): the county and the board. */
const boardWork = <T>(ctx: Ctx, read: () => T): T => {
  canReadBoardWork(ctx.principal);
  return read();
};

export const typeResolvers: Resolvers = {
  Submission: {
    oparlUrl: (submission, _, ctx) => ctx.oparl.urls.of('paper', submission.id),
  },
  Meeting: {
    oparlUrl: (meeting, _, ctx) => ctx.oparl.urls.of('meeting', meeting.id),
    __resolveReference: (reference, ctx) => {
      canReadBoardWork(ctx.principal);
      return ctx.loaders.meeting.load(reference.id);
    },
    agenda: (meeting, _, ctx) => ctx.loaders.agendaOfMeeting.load(meeting.id),
    attendance: (meeting, _, ctx) => ctx.loaders.attendanceOfMeeting.load(meeting.id),
    guests: async (meeting, _, ctx) => {
      const guests = await ctx.loaders.guestsOfMeeting.load(meeting.id);
      const people = await Promise.all(
        guests.map((guest) => ctx.loaders.person.load(guest.personId)),
      );
      return people.filter((person) => person !== null);
    },
    resolutions: (meeting, _, ctx) => ctx.loaders.resolutionsOfMeeting.load(meeting.id),
    invitations: (meeting, _, ctx) => ctx.loaders.invitationsOfMeeting.load(meeting.id),
  },
  Invitation: {
    meeting: (invitation, _, ctx) =>
      boardWork(ctx, () => referenced(ctx.loaders.meeting, invitation.meetingId, 'meeting')),
    person: (invitation, _, ctx) => referenced(ctx.loaders.person, invitation.personId, 'person'),
  },
  TargetAgreement: {
    district: (agreement) => ({ id: agreement.districtId }),
    /** Null for a city's staff, who see their agreement but not the board's resolutions. */
    concludedBy: (agreement, _, ctx) =>
      agreement.concludedByResolutionId && mayReadResolutions(ctx.principal)
        ? ctx.loaders.resolution.load(agreement.concludedByResolutionId)
        : null,
    targets: async (agreement, _, ctx) => {
      const latestMonth = await ctx.loaders.latestMonth.load(
        `${agreement.districtId}|${agreement.year}`,
      );
      const benchmark = latestMonth ? await ctx.loaders.benchmark.load(latestMonth) : null;
      return ctx.targetAgreements.controlling(agreement, latestMonth, benchmark);
    },
  },
  AgendaItem: {
    submission: (item, _, ctx) =>
      referenced(ctx.loaders.submission, item.submissionId, 'submission'),
    resolution: async (item, _, ctx) =>
      (await ctx.loaders.resolutionsOfMeeting.load(item.meetingId)).find(
        (resolution) => resolution.agendaItemId === item.id,
      ) ?? null,
  },
  Attendance: {
    seat: (attendance, _, ctx) => referenced(ctx.loaders.seat, attendance.seatId, 'seat'),
    person: (attendance, _, ctx) => referenced(ctx.loaders.person, attendance.personId, 'person'),
  },
  Resolution: {
    __resolveReference: (reference, ctx) => {
      canReadResolutions(ctx.principal);
      return ctx.loaders.resolution.load(reference.id);
    },
    meeting: (resolution, _, ctx) =>
      boardWork(ctx, () => referenced(ctx.loaders.meeting, resolution.meetingId, 'meeting')),
    submission: (resolution, _, ctx) =>
      referenced(ctx.loaders.submission, resolution.submissionId, 'submission'),
    votes: (resolution, _, ctx) => ctx.loaders.votesOfResolution.load(resolution.id),
    awaitingChairDecision: (resolution) => resolution.status === 'DISSENT',
    oparlUrl: (resolution, _, ctx) => ctx.oparl.urls.of('agendaItem', resolution.agendaItemId),
    decidedBy: (resolution, _, ctx) =>
      resolution.decidedBy ? ctx.loaders.person.load(resolution.decidedBy) : null,
  },
  CastVote: {
    seat: (vote, _, ctx) => referenced(ctx.loaders.seat, vote.seatId, 'seat'),
    castBy: (vote, _, ctx) => referenced(ctx.loaders.person, vote.castBy, 'person'),
  },
  RulesOfProcedure: {
    adoptedBy: (rules, _, ctx) =>
      rules.adoptedByResolutionId ? ctx.loaders.resolution.load(rules.adoptedByResolutionId) : null,
  },
  DistrictBenchmark: {
    district: (benchmark) => ({ id: benchmark.districtId }),
  },
  District: {
    __resolveReference: (reference) => reference,
    targetAgreements: (district, { year }, ctx) => {
      const cities = visibleTargetAgreementCities(ctx.principal);
      if (cities !== null && !cities.includes(district.id)) return [];
      return ctx.loaders.targetAgreementsOf.load(`${district.id}|${year ?? ''}`);
    },
    benchmark: async (district, { month }, ctx) => {
      canReadBenchmark(ctx.principal);
      const benchmark = await ctx.loaders.benchmark.load(month);
      return benchmark.districts.find((entry) => entry.districtId === district.id) ?? null;
    },
  },
};
