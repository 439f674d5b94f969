import { RuleViolation, type PageArguments } from '@jobcenter/subgraph-server';
import { benchmarksFor } from '../application/benchmarking';
import { monthsBetween } from '../domain/meetings';
import type { GovernanceContext } from '../context';
import type { Body } from '../application/meetings';
import type { ResolutionStatus } from '../domain/decision';
import {
  currentRulesOfProcedure,
  rulesOfProcedureHistory,
} from '../application/rules-of-procedure';
import {
  canReadBenchmark,
  canReadBoardWork,
  canReadConsultations,
  canReadResolutions,
  visibleTargetAgreementCities,
} from './permissions';

/** Three years of months: enough for a trend, bounded for the database. */
const MAX_BENCHMARK_MONTHS = 36;

const dateOrNull = (value: Date | null | undefined) => value ?? null;

export const queryResolvers = {
  board: async (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadBoardWork(ctx.principal);
    return { seats: await ctx.board.seats(), findings: await ctx.board.findings() };
  },
  people: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadBoardWork(ctx.principal);
    return ctx.board.people();
  },
  steeringCommittee: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadBoardWork(ctx.principal);
    return ctx.board.steeringCommittee();
  },
  submissions: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadBoardWork(ctx.principal);
    return ctx.submissions.list();
  },
  submissionsConnection: (_: unknown, args: PageArguments, ctx: GovernanceContext) => {
    canReadBoardWork(ctx.principal);
    return ctx.submissions.page(args);
  },
  meetingsConnection: (
    _: unknown,
    args: PageArguments & { body?: Body | null; from?: Date | null; to?: Date | null },
    ctx: GovernanceContext,
  ) => {
    canReadBoardWork(ctx.principal);
    const { body, from, to, ...page } = args;
    return ctx.meetings.page(body ?? null, dateOrNull(from), dateOrNull(to), page);
  },
  resolutionsConnection: (
    _: unknown,
    args: PageArguments & { status?: ResolutionStatus[] | null },
    ctx: GovernanceContext,
  ) => {
    canReadResolutions(ctx.principal);
    const { status, ...page } = args;
    return ctx.resolutions.page(status ?? null, page);
  },
  meetings: (
    _: unknown,
    args: { body?: Body | null; from?: Date | null; to?: Date | null },
    ctx: GovernanceContext,
  ) => {
    canReadBoardWork(ctx.principal);
    return ctx.meetings.list(args.body ?? null, dateOrNull(args.from), dateOrNull(args.to));
  },
  meeting: (_: unknown, { id }: { id: string }, ctx: GovernanceContext) => {
    canReadBoardWork(ctx.principal);
    return ctx.loaders.meeting.load(id);
  },
  resolutions: (
    _: unknown,
    { status }: { status?: ResolutionStatus[] | null },
    ctx: GovernanceContext,
  ) => {
    canReadResolutions(ctx.principal);
    return ctx.resolutions.list(status ?? null);
  },
  resolution: (_: unknown, { id }: { id: string }, ctx: GovernanceContext) => {
    canReadResolutions(ctx.principal);
    return ctx.loaders.resolution.load(id);
  },
  openDissentDecisions: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadResolutions(ctx.principal);
    return ctx.resolutions.list(['DISSENT']);
  },
  monthsWithoutBoardMeeting: (
    _: unknown,
    { from, to }: { from: string; to: string },
    ctx: GovernanceContext,
  ) => {
    canReadBoardWork(ctx.principal);
    if (to < from) throw new RuleViolation(`to (${to}) must not be before from (${from})`, 'to');
    return ctx.meetings.monthsWithoutBoardMeeting(from, to);
  },
  rulesOfProcedure: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadResolutions(ctx.principal);
    return currentRulesOfProcedure(ctx.dataSource.manager);
  },
  rulesOfProcedureHistory: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadResolutions(ctx.principal);
    return rulesOfProcedureHistory(ctx.dataSource.manager);
  },
  staffCouncilConsultations: (_: unknown, __: unknown, ctx: GovernanceContext) => {
    canReadConsultations(ctx.principal);
    return ctx.staffCouncil.consultations();
  },
  targetAgreements: async (_: unknown, { year }: { year: number }, ctx: GovernanceContext) => {
    const cities = visibleTargetAgreementCities(ctx.principal);
    const districts: { id: string }[] = await ctx.dataSource.query(
      'SELECT id FROM district_copy ORDER BY id',
    );
    const ids = districts
      .map((district) => district.id)
      .filter((id) => cities === null || cities.includes(id));
    return ctx.targetAgreements.ofDistricts(ids, year);
  },
  benchmark: (_: unknown, { month }: { month: string }, ctx: GovernanceContext) => {
    canReadBenchmark(ctx.principal);
    return ctx.loaders.benchmark.load(month);
  },
  benchmarks: (_: unknown, { from, to }: { from: string; to: string }, ctx: GovernanceContext) => {
    canReadBenchmark(ctx.principal);
    const months = monthsBetween(from, to);
    if (months.length > MAX_BENCHMARK_MONTHS) {
      throw new RuleViolation(
        `at most ${MAX_BENCHMARK_MONTHS} months at once; ${from} to ${to} are ${months.length}`,
        'to',
      );
    }
    return benchmarksFor(ctx.dataSource.manager, months);
  },
};
