/**
 * Errors the domain code throws (it knows nothing of GraphQL); the subgraph server turns them
 * into GraphQL errors with the matching code. `field` names the input that is wrong.
 */
export class RuleViolation extends Error {
  override name = 'RuleViolation';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class NotFound extends Error {
  override name = 'NotFound';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The request is valid but clashes with the current state (e.g. reported twice). */
export class Conflict extends Error {
  override name = 'Conflict';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const domainErrorCodes = {
  RuleViolation: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
} as const;
