import { requireCityWrite, requireRole, type Principal, type Role } from '@jobcenter/auth';

/** The Fachbereich (county staff) and the board read everything of the budget. */
const READ_ALL: Role[] = ['county_staff', 'board_member', 'board_chair', 'board_office'];

/** The Fachbereich manages budgets, pool-split drafts, the allocation model and proposals. */
export const canManageBudget = (principal: Principal | null) =>
  requireRole(principal, ['county_staff'], 'Managing the budget');

export const canReadBudget = (principal: Principal | null) =>
  requireRole(principal, READ_ALL, 'Reading the budget');

/** Aggregates (reports, a district's allocated, spent and remaining funds): also reporting tools. */
export const canReadAggregates = (principal: Principal | null) =>
  requireRole(principal, [...READ_ALL, 'reporting'], 'Reading budget figures');

/** A district's own allocation: also that city's staff. */
export function canReadDistrictFunds(principal: Principal | null, districtId: string): boolean {
  const caller = requireRole(
    principal,
    [...READ_ALL, 'reporting', 'city_staff'],
    'Reading a district’s funds',
  );
  return caller.roles.some((role) => role !== 'city_staff') || caller.city === districtId;
}

/**
 * Single entries (purposes, document references): the county, the board and the city's own staff;
 * reporting tools read aggregates only and see none. Returns whether this district's entries show.
 */
export function mayReadEntries(principal: Principal | null, districtId: string): boolean {
  const caller = requireRole(
    principal,
    [...READ_ALL, 'city_staff', 'reporting'],
    'Reading proof-of-use entries',
  );
  return caller.roles.some((role) => READ_ALL.includes(role)) || caller.city === districtId;
}

/** Only the city's own staff record and reverse spending of its district office. */
export const canRecordSpending = (principal: Principal | null, districtId: string) =>
  requireCityWrite(principal, districtId, {
    cityRoles: ['city_staff'],
    countyRoles: [],
    action: 'Recording spending',
  });

/** Before the district of an entry is known: only city staff record at all. */
export const canRecordSomeSpending = (principal: Principal | null) =>
  requireRole(principal, ['city_staff'], 'Recording spending');
