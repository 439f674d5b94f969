import { CITY_IDS } from '@jobcenter/auth';
import { Conflict, RuleViolation } from '@jobcenter/subgraph-server';
import { DEPARTMENT_ID, checkAssignment, type Employer, type StaffFunction } from './functions';

export type PostStatus = 'VACANT' | 'ADVERTISED' | 'FILLED';
/** The side that employs the holder of a post: the Kreis or the city of its Bezirksstelle. */
export type EmployerSide = 'KREIS' | 'CITY';

/** Scopes an advertisement could have; only COUNTY_WIDE is allowed (DOMAIN rule 11). */
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
      `Every post in the Fachbereich and in all Bezirksstellen is advertised county-wide (DOMAIN rule 11); ${scope} is narrower and refused`,
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

export function checkAdvertisable(post: PostState): void {
  if (post.status !== 'VACANT') {
    throw new Conflict(`post ${post.id} is ${post.status.toLowerCase()}, not vacant`, 'postId');
  }
}

/**
 * A post can be filled when it is vacant or advertised, has no pending leadership appointment and
 * the employee's employer is the post's side. Leadership posts are filled only when their
 * appointment completes (`viaAppointment`).
 */
export function checkFillable(
  post: PostState,
  employee: { id: string; employer: Employer; active: boolean },
  options: { viaAppointment?: boolean } = {},
): void {
  if (post.status === 'FILLED') throw new Conflict(`post ${post.id} is already filled`, 'postId');
  if (post.pendingAppointment && !options.viaAppointment) {
    throw new Conflict(
      `post ${post.id} awaits the board's consultation on a leadership appointment (DOMAIN rule 12)`,
      'postId',
    );
  }
  if (post.function === 'LEADERSHIP' && !options.viaAppointment) {
    throw new RuleViolation(
      'a leadership post is filled by an appointment in consultation with the board (proposeAppointment), not directly',
      'postId',
    );
  }
  if (!employee.active) {
    throw new RuleViolation(`employee ${employee.id} is not employed (any more)`, 'employeeId');
  }
  const employer = employerOfPost(post.unitId, post.employerSide);
  if (employee.employer !== employer) {
    throw new RuleViolation(
      `post ${post.id} is a post of ${employer}; employee ${employee.id} is employed by ${employee.employer}`,
      'employeeId',
    );
  }
}
