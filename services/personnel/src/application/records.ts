import type { Employer } from '../domain/functions';

export type { EmployeeRecord } from '../repositories/employees.repository';
export type { PostRecord } from '../repositories/posts.repository';

/**
 * The permission check a use case runs on the data it is about to change, inside its
 * transaction: it throws when the caller may not write data of that employer.
 */
export type WriteCheck = (employer: Employer) => void;

/** For demo data and event handlers, which act for the system itself. */
export const systemWrite: WriteCheck = () => undefined;
