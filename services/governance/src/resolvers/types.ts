import type { GovernanceContext } from '../context';
import type { AgendaItemRecord, AttendanceRecord, MeetingRecord } from '../application/meetings';
import type { ResolutionRecord, VoteRecord } from '../application/resolutions';
import type { DistrictBenchmark } from '../domain/benchmarking';
import {
  canReadBenchmark,
  canReadBoardWork,
  canReadResolutions,
  mayReadResolutions,
  visibleTargetAgreementCities,
} from './permissions';
import type { InvitationRecord } from '../application/staff-council';
import type { TargetAgreementRecord } from '../application/target-agreements';

type Ctx = GovernanceContext;

/** Who may see a meeting's inside (agenda, attendance, votes' meeting): the county and the board. */
const boardWork = <T>(ctx: Ctx, read: () => T): T => {
  canReadBoardWork(ctx.principal);
  return read();
};

export const typeResolvers = {
  Submission: {
    oparlUrl: (submission: { id: string }, _: unknown, ctx: Ctx) =>
      ctx.oparl.urls.of('paper', submission.id),
  },
  Meeting: {
    oparlUrl: (meeting: MeetingRecord, _: unknown, ctx: Ctx) =>
      ctx.oparl.urls.of('meeting', meeting.id),
    __resolveReference: (reference: { id: string }, ctx: Ctx) => {
      canReadBoardWork(ctx.principal);
      return ctx.loaders.meeting.load(reference.id);
    },
    agenda: (meeting: MeetingRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.agendaOfMeeting.load(meeting.id),
    attendance: (meeting: MeetingRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.attendanceOfMeeting.load(meeting.id),
    guests: async (meeting: MeetingRecord, _: unknown, ctx: Ctx) =>
      (
        await ctx.loaders.person.loadMany(
          (await ctx.loaders.guestsOfMeeting.load(meeting.id)).map((guest) => guest.personId),
        )
      ).filter(Boolean),
    resolutions: (meeting: MeetingRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.resolutionsOfMeeting.load(meeting.id),
    invitations: (meeting: MeetingRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.invitationsOfMeeting.load(meeting.id),
  },
  Invitation: {
    meeting: (invitation: InvitationRecord, _: unknown, ctx: Ctx) =>
      boardWork(ctx, () => ctx.loaders.meeting.load(invitation.meetingId)),
    person: (invitation: InvitationRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.person.load(invitation.personId),
  },
  TargetAgreement: {
    district: (agreement: TargetAgreementRecord) => ({ id: agreement.districtId }),
    /** Null for a city's staff, who see their agreement but not the board's resolutions. */
    /** Null for a city's staff, who see their agreement but not the board's resolutions. */
    concludedBy: (agreement: TargetAgreementRecord, _: unknown, ctx: Ctx) =>
      agreement.concludedByResolutionId && mayReadResolutions(ctx.principal)
        ? ctx.loaders.resolution.load(agreement.concludedByResolutionId)
        : null,
    targets: async (agreement: TargetAgreementRecord, _: unknown, ctx: Ctx) => {
      const latestMonth = await ctx.loaders.latestMonth.load(
        `${agreement.districtId}|${agreement.year}`,
      );
      const benchmark = latestMonth ? await ctx.loaders.benchmark.load(latestMonth) : null;
      const controlling = ctx.targetAgreements.controlling(agreement, latestMonth, benchmark);
      return agreement.targets.map((target) => ({
        ...target,
        ...controlling.find((entry) => entry.targetId === target.id),
      }));
    },
  },
  AgendaItem: {
    submission: (item: AgendaItemRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.submission.load(item.submissionId),
    resolution: async (item: AgendaItemRecord, _: unknown, ctx: Ctx) =>
      (await ctx.loaders.resolutionsOfMeeting.load(item.meetingId)).find(
        (resolution) => resolution.agendaItemId === item.id,
      ) ?? null,
  },
  Attendance: {
    seat: (attendance: AttendanceRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.seat.load(attendance.seatId),
    person: (attendance: AttendanceRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.person.load(attendance.personId),
  },
  Resolution: {
    __resolveReference: (reference: { id: string }, ctx: Ctx) => {
      canReadResolutions(ctx.principal);
      return ctx.loaders.resolution.load(reference.id);
    },
    meeting: (resolution: ResolutionRecord, _: unknown, ctx: Ctx) =>
      boardWork(ctx, () => ctx.loaders.meeting.load(resolution.meetingId)),
    submission: (resolution: ResolutionRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.submission.load(resolution.submissionId),
    votes: (resolution: ResolutionRecord, _: unknown, ctx: Ctx) =>
      ctx.loaders.votesOfResolution.load(resolution.id),
    awaitingChairDecision: (resolution: ResolutionRecord) => resolution.status === 'DISSENT',
    oparlUrl: (resolution: ResolutionRecord, _: unknown, ctx: Ctx) =>
      ctx.oparl.urls.of('agendaItem', resolution.agendaItemId),
    decidedBy: (resolution: ResolutionRecord, _: unknown, ctx: Ctx) =>
      resolution.decidedBy ? ctx.loaders.person.load(resolution.decidedBy) : null,
  },
  CastVote: {
    seat: (vote: VoteRecord, _: unknown, ctx: Ctx) => ctx.loaders.seat.load(vote.seatId),
    castBy: (vote: VoteRecord, _: unknown, ctx: Ctx) => ctx.loaders.person.load(vote.castBy),
  },
  RulesOfProcedure: {
    adoptedBy: (rules: { adoptedByResolutionId: string | null }, _: unknown, ctx: Ctx) =>
      rules.adoptedByResolutionId ? ctx.loaders.resolution.load(rules.adoptedByResolutionId) : null,
  },
  DistrictBenchmark: {
    district: (benchmark: DistrictBenchmark) => ({ id: benchmark.districtId }),
  },
  District: {
    __resolveReference: (reference: { id: string }) => reference,
    targetAgreements: (district: { id: string }, { year }: { year?: number | null }, ctx: Ctx) => {
      const cities = visibleTargetAgreementCities(ctx.principal);
      if (cities !== null && !cities.includes(district.id)) return [];
      return ctx.loaders.targetAgreementsOf.load(`${district.id}|${year ?? ''}`);
    },
    benchmark: async (district: { id: string }, { month }: { month: string }, ctx: Ctx) => {
      canReadBenchmark(ctx.principal);
      const benchmark = await ctx.loaders.benchmark.load(month);
      return benchmark.districts.find((entry) => entry.districtId === district.id) ?? null;
    },
  },
};
