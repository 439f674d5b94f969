import { Conflict, NotFound, RuleViolation } from '@jobcenter/kernel';

export type SizeGroup = 'SMALL' | 'MEDIUM' | 'LARGE';
export const SIZE_GROUPS: readonly SizeGroup[] = ['SMALL', 'MEDIUM', 'LARGE'];

/** The office a person holds, which decides which seat they may take (docs/rules.md#rule-1). */
export type Office =
  | 'LANDRAT'
  | 'HEAD_OF_DEPARTMENT'
  | 'SOCIAL_DEZERNENT'
  | 'MAYOR'
  | 'STAFF_COUNCIL_REPRESENTATIVE'
  | 'OTHER';

export interface Person {
  id: string;
  name: string;
  office: Office;
  /** The city a Sozialdezernent or mayor serves. */
  cityId: string | null;
}

export type SeatRole = 'CHAIR' | 'DEPUTY_CHAIR' | 'CITY_REPRESENTATIVE';

export interface Seat {
  role: SeatRole;
  /** City representatives: the size group whose cities named them. */
  sizeGroup: SizeGroup | null;
  member: Person;
  substitute: Person | null;
}

/**
 * The board (Vorstand): the Landrat as chair, the head of the Fachbereich Jobcenter as deputy
 * chair, and one representative (a Sozialdezernent) each for the small, the medium and the large
 * cities, from a city of that group; a representative may be substituted by the mayor of the same
 * city. `sizeGroupOf` gives a city's current size group (board data the districts service
 * publishes). Returns every violation, empty when the board is complete and sound.
 */
export function boardCompositionViolations(
  seats: readonly Seat[],
  sizeGroupOf: (cityId: string) => SizeGroup | undefined,
): string[] {
  const problems: string[] = [];
  const chairs = seats.filter((seat) => seat.role === 'CHAIR');
  const deputies = seats.filter((seat) => seat.role === 'DEPUTY_CHAIR');
  if (chairs.length !== 1) problems.push(`the board needs exactly one chair, has ${chairs.length}`);
  if (deputies.length !== 1)
    problems.push(`the board needs exactly one deputy chair, has ${deputies.length}`);
  for (const chair of chairs) {
    if (chair.member.office !== 'LANDRAT')
      problems.push(`the chair must be the Landrat, not ${chair.member.name}`);
  }
  for (const deputy of deputies) {
    if (deputy.member.office !== 'HEAD_OF_DEPARTMENT') {
      problems.push(
        `the deputy chair must be the head of the Fachbereich Jobcenter, not ${deputy.member.name}`,
      );
    }
  }
  for (const seat of seats) {
    if (seat.role !== 'CITY_REPRESENTATIVE' && seat.substitute) {
      problems.push(`only city representatives have substitutes (${seat.role})`);
    }
  }
  for (const group of SIZE_GROUPS) {
    const representatives = seats.filter(
      (seat) => seat.role === 'CITY_REPRESENTATIVE' && seat.sizeGroup === group,
    );
    if (representatives.length !== 1) {
      problems.push(
        `the ${group.toLowerCase()} cities need exactly one representative, have ${representatives.length}`,
      );
    }
  }
  for (const seat of seats.filter((candidate) => candidate.role === 'CITY_REPRESENTATIVE')) {
    const { member, substitute } = seat;
    if (!seat.sizeGroup) problems.push(`${member.name} represents no size group`);
    if (member.office !== 'SOCIAL_DEZERNENT' || !member.cityId) {
      problems.push(`${member.name} is not a city's Sozialdezernent and cannot represent cities`);
    } else if (seat.sizeGroup && sizeGroupOf(member.cityId) !== seat.sizeGroup) {
      problems.push(
        `${member.name} cannot represent the ${seat.sizeGroup.toLowerCase()} cities: ${member.cityId} is ${(sizeGroupOf(member.cityId) ?? 'in no known size group').toString().toLowerCase()}`,
      );
    }
    if (substitute && (substitute.office !== 'MAYOR' || substitute.cityId !== member.cityId)) {
      problems.push(
        `${substitute.name} cannot substitute ${member.name}: only the mayor of ${member.cityId} can`,
      );
    }
  }
  const people = seats.map((seat) => seat.member.id);
  if (new Set(people).size !== people.length) problems.push('one person holds two seats');
  return problems;
}

/** Refuses a board that breaks the composition, naming every violation. */
export function requireSoundBoard(
  seats: readonly Seat[],
  sizeGroupOf: (cityId: string) => SizeGroup | undefined,
): void {
  const problems = boardCompositionViolations(seats, sizeGroupOf);
  if (problems.length > 0)
    throw new RuleViolation(`The board would be unsound: ${problems.join('; ')}`, 'seats');
}

/** Refuses a change that names people the board office does not keep, naming them. */
export function requireKnownPeople(
  ids: readonly string[],
  known: { has(id: string): boolean },
  field: string,
): void {
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) throw new NotFound(`Unknown people: ${missing.join(', ')}`, field);
}

/** Seats used in meetings stay (votes and attendance refer to them): `dropped` must be empty. */
export function requireUsedSeatsKept(dropped: readonly string[]): void {
  if (dropped.length > 0) {
    throw new Conflict(
      `Seats ${dropped.join(', ')} were used in meetings and must stay in the list (give them a new member)`,
      'seats.seatId',
    );
  }
}
