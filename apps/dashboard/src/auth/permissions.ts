import type { Session } from './session';

/**
 * What a role may see, as the services decide it (each service refuses the rest anyway): the
 * page asks only for what the signed-in role may read and shows nothing else.
 */
const BOARD_WORK = ['county_staff', 'board_member', 'board_chair', 'board_office'];

const RULES = {
  /** Meetings, the monthly calendar, the board's seats (governance). */
  boardWork: BOARD_WORK,
  /** Resolutions and open dissents (governance). */
  resolutions: [...BOARD_WORK, 'reporting'],
  /** K1-K3 (governance). */
  benchmark: [...BOARD_WORK, 'city_staff', 'reporting'],
  /** Target agreements; city staff their own city's (governance). */
  targetAgreements: [...BOARD_WORK, 'city_staff'],
  /** The year's budget, pools, allocation and report (budget). */
  budget: [...BOARD_WORK, 'reporting'],
  /** How the allocation was computed, indicator by indicator (budget). */
  allocationProposal: BOARD_WORK,
  /** A district's funds; city staff their own district's (budget). */
  districtFunds: [...BOARD_WORK, 'reporting', 'city_staff'],
  /** Posts and advertisements (personnel). */
  posts: [
    'county_hr',
    'city_hr',
    'board_member',
    'board_chair',
    'board_office',
    'county_staff',
    'staff_council',
  ],
  /** Transfers and their consents (personnel). */
  transfers: [
    'county_hr',
    'city_hr',
    'staff_council',
    'board_member',
    'board_chair',
    'board_office',
  ],
  /** Leadership appointments awaiting the board (personnel). */
  appointments: ['county_hr', 'city_hr', 'board_member', 'board_chair', 'board_office'],
  /** Entering a month's caseload (districts): county staff, or a city's own staff. */
  reportCaseload: ['county_staff', 'city_staff'],
} as const satisfies Record<string, readonly string[]>;

export type Permission = keyof typeof RULES;

export function may(session: Session, permission: Permission): boolean {
  return session.roles.some((role) => (RULES[permission] as readonly string[]).includes(role));
}

/** A city role's data is its own city's: the district it may write, or see alone. */
export function ownDistrict(session: Session): string | null {
  return session.roles.some((role) => role === 'city_staff' || role === 'city_hr')
    ? session.city
    : null;
}
