import { RuleViolation } from '@jobcenter/subgraph-server';
import { benchmarksFor } from '../application/benchmarking';
import { monthsBetween } from '../domain/meetings';
import {
  currentRulesOfProcedure,
  rulesOfProcedureHistory,
} from '../application/rules-of-procedure';
import type { QueryResolvers } from './generated';
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

export const queryResolvers: QueryResolvers = {
  board: async (_, __, ctx) => {
    canReadBoardWork(ctx.principal);
    return { seats: await ctx.board.seats(), findings: await ctx.board.findings() };
  },
  people: (_, __, ctx) => {
    canReadBoardWork(ctx.principal);
    return ctx.board.people();
  },
  steeringCommittee: (_, __, ctx) => {
    canReadBoardWork(ctx.principal);
    return ctx.board.steeringCommittee();
  },
  submissions: (_, __, ctx) => {
    canReadBoardWork(ctx.principal);
    return ctx.submissions.list();
  },
  submissionsConnection: (_, args, ctx) => {
    canReadBoardWork(ctx.principal);
    return ctx.submissions.page(args);
  },
  meetingsConnection: (_, args, ctx) => {
    canReadBoardWork(ctx.principal);
    const { body, from, to, ...page } = args;
    return ctx.meetings.page(body ?? null, dateOrNull(from), dateOrNull(to), page);
  },
  resolutionsConnection: (_, args, ctx) => {
    canReadResolutions(ctx.principal);
    const { status, ...page } = args;
    return ctx.resolutions.page(status ?? null, page);
  },
  meetings: (_, args, ctx) => {
    canReadBoardWork(ctx.principal);
    return ctx.meetings.list(args.body ?? null, dateOrNull(args.from), dateOrNull(args.to));
  },
  meeting: (_, { id }, ctx) => {
    canReadBoardWork(ctx.principal);
    return ctx.loaders.meeting.load(id);
  },
  resolutions: (_, { status }, ctx) => {
    canReadResolutions(ctx.principal);
    return ctx.resolutions.list(status ?? null);
  },
  resolution: (_, { id }, ctx) => {
    canReadResolutions(ctx.principal);
    return ctx.loaders.resolution.load(id);
  },
  openDissentDecisions: (_, __, ctx) => {
    canReadResolutions(ctx.principal);
    return ctx.resolutions.list(['DISSENT']);
  },
  monthsWithoutBoardMeeting: (_, { from, to }, ctx) => {
    canReadBoardWork(ctx.principal);
    if (to < from) throw new RuleViolation(`to (${to}) must not be before from (${from})`, 'to');
    return ctx.meetings.monthsWithoutBoardMeeting(from, to);
  },
  rulesOfProcedure: (_, __, ctx) => {
    canReadResolutions(ctx.principal);
    return currentRulesOfProcedure(ctx.dataSource.manager);
  },
  rulesOfProcedureHistory: (_, __, ctx) => {
    canReadResolutions(ctx.principal);
    return rulesOfProcedureHistory(ctx.dataSource.manager);
  },
  staffCouncilConsultations: (_, __, ctx) => {
    canReadConsultations(ctx.principal);
    return ctx.staffCouncil.consultations();
  },
  targetAgreements: (_, { year }, ctx) =>
    ctx.targetAgreements.ofCities(visibleTargetAgreementCities(ctx.principal), year ?? null),
  benchmark: (_, { month }, ctx) => {
    canReadBenchmark(ctx.principal);
    return ctx.loaders.benchmark.load(month);
  },
  benchmarks: (_, { from, to }, ctx) => {
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
