import type { Candidate, PostState } from '../../src/domain/posts';

/** An advertised full-time benefits casework post of the city of Marl, with overrides. */
export const post = (
  overrides: Partial<PostState & { fteMilli: number }> = {},
): PostState & { fteMilli: number } => ({
  id: 'p1',
  unitId: 'marl',
  function: 'BENEFITS_CASEWORK',
  employerSide: 'CITY',
  status: 'ADVERTISED',
  pendingAppointment: false,
  fteMilli: 1000,
  ...overrides,
});

/** A full-time benefits caseworker employed by Marl in its Bezirksstelle, with overrides. */
export const employee = (overrides: Partial<Candidate> = {}): Candidate => ({
  id: 'e1',
  employer: 'marl',
  workplace: 'marl',
  function: 'BENEFITS_CASEWORK',
  fteMilli: 1000,
  active: true,
  ...overrides,
});
