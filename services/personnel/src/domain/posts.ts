import { CITY_IDS, Conflict, DEPARTMENT_ID, RuleViolation } from '@jobcenter/kernel';
import { checkAssignment, unitCode, type Employer, type StaffFunction } from './functions';

export type PostStatus = 'VACANT' | 'ADVERTISED' | 'FILLED';
/** The side that employs the holder of a post: the Kreis or the city of its Bezirksstelle. */
export type EmployerSide = 'KREIS' | 'CITY';

/** Scopes an advertisement could have; only COUNTY_WIDE is allowed (docs/rules.md#rule-11). */
export const ADVERTISEMENT_SCOPES = [
  'COUNTY_WIDE',
  'EMPLOYER_INTERNAL',
  'CITY_INTERNAL',
  'UNIT_INTERNAL',
] as const;
export type AdvertisementScope = (typeof ADVERTISEMENT_SCOPES)[number];

export function checkAdvertisementScope(scope: AdvertisementScope): void {
  if (scope !== 'COUNTY_WIDE') {
    throw new RuleViolation(
      `Every post in the Fachbereich and in all Bezirksstellen is advertised county-wide; ${scope} is narrower and refused`,
      'scope',
    );
  }
}

/** The employer a post's holder must have. */
export function employerOfPost(unitId: string, side: EmployerSide): Employer {
  if (side === 'KREIS') return 'KREIS';
  if (unitId === DEPARTMENT_ID || !(CITY_IDS as readonly string[]).includes(unitId)) {
    throw new RuleViolation(
      'posts of the Fachbereich are Kreis posts: a city cannot employ there',
      'employerSide',
    );
  }
  return unitId as Employer;
}

export function checkNewPost(unitId: string, fn: StaffFunction, side: EmployerSide): void {
  checkAssignment(employerOfPost(unitId, side), unitId, fn);
}

export interface PostState {
  id: string;
  unitId: string;
  function: StaffFunction;
  employerSide: EmployerSide;
  status: PostStatus;
  pendingAppointment: boolean;
}

/** A post is advertised (again, e.g. with a later closing date) while it is not filled. */
export function checkAdvertisable(post: PostState): void {
  if (post.status === 'FILLED') {
    throw new Conflict(`post ${post.id} is filled; vacate it before advertising it`, 'postId');
  }
  if (post.pendingAppointment) {
    throw new Conflict(`post ${post.id} awaits a leadership appointment`, 'postId');
  }
}

export interface Candidate {
  id: string;
  employer: Employer;
  workplace: string;
  function: StaffFunction;
  fteMilli: number;
  active: boolean;
}

/**
 * A post is filled when it was advertised county-wide (docs/rules.md#rule-11), has no pending leadership
 * appointment, and the employee works there, in its function, for its employer, within its FTE.
 * Leadership posts are filled only when their appointment completes (`viaAppointment`,
 * docs/rules.md#rule-12), which makes the candidate the unit's head.
 */
export function checkFillable(
  post: PostState & { fteMilli: number },
  employee: Candidate,
  options: { viaAppointment?: boolean } = {},
): void {
  if (post.status === 'FILLED') throw new Conflict(`post ${post.id} is already filled`, 'postId');
  if (post.pendingAppointment && !options.viaAppointment) {
    throw new Conflict(
      `post ${post.id} awaits the board's consultation on a leadership appointment`,
      'postId',
    );
  }
  if (post.function === 'LEADERSHIP' && !options.viaAppointment) {
    throw new RuleViolation(
      'a leadership post is filled by an appointment in consultation with the board (proposeAppointment), not directly',
      'postId',
    );
  }
  if (post.status !== 'ADVERTISED') {
    throw new RuleViolation(
      `post ${post.id} has not been advertised: every post is advertised county-wide before it is filled`,
      'postId',
    );
  }
  checkCandidate(post, employee);
  if (!options.viaAppointment) {
    if (employee.workplace !== post.unitId || employee.function !== post.function) {
      throw new RuleViolation(
        `employee ${employee.id} works in ${employee.function} at ${employee.workplace}; the post is ${post.function} at ${post.unitId}`,
        'employeeId',
      );
    }
  }
  if (employee.fteMilli > post.fteMilli) {
    throw new RuleViolation(
      `employee ${employee.id} works ${employee.fteMilli / 1000} FTE, more than the post's ${post.fteMilli / 1000}`,
      'employeeId',
    );
  }
}

/** Whether an employee may hold a post of this unit's side at all: employed, by its employer. */
export function checkCandidate(post: PostState, employee: Candidate, field = 'employeeId'): void {
  if (!employee.active) {
    throw new RuleViolation(`employee ${employee.id} is not employed (any more)`, field);
  }
  const employer = employerOfPost(post.unitId, post.employerSide);
  if (employee.employer !== employer) {
    throw new RuleViolation(
      `post ${post.id} is a post of ${employer}; employee ${employee.id} is employed by ${employee.employer}`,
      field,
    );
  }
}

/** The reference of a unit's next post: ST-MARL-0001 for its first, numbered in order. */
export const postReference = (unitId: string, postsOfUnit: number): string =>
  `ST-${unitCode(unitId)}-${String(postsOfUnit + 1).padStart(4, '0')}`;

/** An advertisement closes on or after the day it is published (both calendar dates). */
export function checkAdvertisementPeriod(publishedOn: string, closesOn: string): void {
  if (closesOn < publishedOn) {
    throw new RuleViolation('an advertisement closes after it is published', 'closesOn');
  }
}

/** An employee holds one post at a time: `heldReference` is the post held so far, if any. */
export function checkHoldsNoOtherPost(employeeId: string, heldReference: string | null): void {
  if (heldReference !== null) {
    throw new RuleViolation(
      `employee ${employeeId} already holds post ${heldReference}; vacate it first`,
      'employeeId',
    );
  }
}

/** Only a filled post is vacated. */
export function checkVacatable(post: { reference: string; status: PostStatus }): void {
  if (post.status !== 'FILLED') {
    throw new RuleViolation(`post ${post.reference} is not filled`, 'postId');
  }
}
