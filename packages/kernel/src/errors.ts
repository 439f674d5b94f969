/**
 * Errors the domain code throws (it knows nothing of GraphQL); the subgraph server turns them
 * into GraphQL errors with their code (docs/errors.md). `field` names the input that is wrong.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A rule of the domain refuses the input. */
export class RuleViolation extends DomainError {
  override name = 'RuleViolation';
  readonly code = 'BAD_USER_INPUT';
}

/**
 * The caller may not do this, although the input is fine (e.g. a member who is not the one to
 * decide on dissent). Role checks at the API's edge throw FORBIDDEN from @jobcenter/auth too.
 */
export class Forbidden extends DomainError {
  override name = 'Forbidden';
  readonly code = 'FORBIDDEN';
}

/** An id the caller gave names nothing (the field names which). */
export class NotFound extends DomainError {
  override name = 'NotFound';
  readonly code = 'NOT_FOUND';
}

/** The request is valid but clashes with the current state (e.g. reported twice). */
export class Conflict extends DomainError {
  override name = 'Conflict';
  readonly code = 'CONFLICT';
}

/** The request belongs to another instance (a district owned by another city's service). */
export class Misdirected extends DomainError {
  override name = 'Misdirected';
  readonly code = 'MISDIRECTED';
}
