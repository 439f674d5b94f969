import { requireRole, type Principal, type Role } from '@jobcenter/auth';

/** The county and the board read everything of the board's work. */
const READ_BOARD_WORK: Role[] = ['county_staff', 'board_member', 'board_chair', 'board_office'];

export const canReadBoardWork = (principal: Principal | null) =>
  requireRole(principal, READ_BOARD_WORK, 'Reading the board’s work');

/** Reporting tools also read resolutions. */
export const canReadResolutions = (principal: Principal | null) =>
  requireRole(principal, [...READ_BOARD_WORK, 'reporting'], 'Reading resolutions');

/** The benchmark is for everyone who steers: county, board, cities, reporting. */
export const canReadBenchmark = (principal: Principal | null) =>
  requireRole(principal, [...READ_BOARD_WORK, 'city_staff', 'reporting'], 'Reading the benchmark');

/** The board office (Geschäftsstelle) prepares meetings and submissions and keeps the board's data. */
export const canPrepare = (principal: Principal | null) =>
  requireRole(principal, ['board_office'], 'Preparing the board’s work');

/** Members vote; which seat they hold is checked against the meeting's attendance. */
export const canVote = (principal: Principal | null) =>
  requireRole(principal, ['board_member', 'board_chair'], 'Voting');
