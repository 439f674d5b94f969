import { requireRole, type Principal, type Role } from '@jobcenter/auth';

/** The county and the board read everything of the board's work. */
const READ_BOARD_WORK: Role[] = ['county_staff', 'board_member', 'board_chair', 'board_office'];

export const canReadBoardWork = (principal: Principal | null) =>
  requireRole(principal, READ_BOARD_WORK, 'Reading the board’s work');

/** Whether the caller reads the board's work, and so also what is not public (docs/oparl.md). */
export const mayReadBoardWork = (principal: Principal | null): boolean =>
  Boolean(principal?.roles.some((role) => READ_BOARD_WORK.includes(role)));

/** Reporting tools also read resolutions. */
const READ_RESOLUTIONS: Role[] = [...READ_BOARD_WORK, 'reporting'];

export const canReadResolutions = (principal: Principal | null) =>
  requireRole(principal, READ_RESOLUTIONS, 'Reading resolutions');

/** Whether the caller may see resolutions, for fields that show them only to those who may. */
export const mayReadResolutions = (principal: Principal | null): boolean =>
  Boolean(principal?.roles.some((role) => READ_RESOLUTIONS.includes(role)));

/** The benchmark is for everyone who steers: county, board, cities, reporting. */
export const canReadBenchmark = (principal: Principal | null) =>
  requireRole(principal, [...READ_BOARD_WORK, 'city_staff', 'reporting'], 'Reading the benchmark');

/** The board office (Geschäftsstelle) prepares meetings and submissions and keeps the board's data. */
export const canPrepare = (principal: Principal | null) =>
  requireRole(principal, ['board_office'], 'Preparing the board’s work');

/** The chair consults the staff council; the board office records it and sends invitations for the chair. */
export const canActForChair = (principal: Principal | null) =>
  requireRole(principal, ['board_chair', 'board_office'], 'Acting for the chair');

/** Only the chair answers the staff council's own requests for an invitation. */
export const canAnswerForChair = (principal: Principal | null) =>
  requireRole(principal, ['board_chair'], 'Answering the staff council’s request');

/** Consultations are read by the staff council and those who read the board's work. */
export const canReadConsultations = (principal: Principal | null) =>
  requireRole(
    principal,
    [...READ_BOARD_WORK, 'staff_council'],
    'Reading staff-council consultations',
  );

export const canRequestInvitation = (principal: Principal | null) =>
  requireRole(principal, ['staff_council'], 'Asking for an invitation');

/** Target agreements: the Fachbereich or the board office draft them. */
export const canDraftTargetAgreements = (principal: Principal | null) =>
  requireRole(principal, ['county_staff', 'board_office'], 'Drafting target agreements');

/** Target agreements: county and board read all; a city's staff their own city's. Returns the cities visible, or null for all. */
export function visibleTargetAgreementCities(principal: Principal | null): string[] | null {
  const caller = requireRole(
    principal,
    [...READ_BOARD_WORK, 'city_staff'],
    'Reading target agreements',
  );
  if (caller.roles.some((role) => READ_BOARD_WORK.includes(role))) return null;
  return caller.city ? [caller.city] : [];
}

/** Members vote; which seat they hold is checked against the meeting's attendance. */
export const canVote = (principal: Principal | null) =>
  requireRole(principal, ['board_member', 'board_chair'], 'Voting');
