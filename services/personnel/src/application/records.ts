import type { Employer, StaffFunction } from '../domain/functions';
import type { MilliFte } from '../domain/fte';
import type { EmployerSide, PostStatus } from '../domain/posts';

export interface EmployeeRecord {
  id: string;
  personnelNumber: string;
  name: string;
  employer: Employer;
  workplace: string;
  function: StaffFunction;
  fteMilli: MilliFte;
  startDate: string;
  endDate: string | null;
  active: boolean;
}

export interface EmployeeRow {
  id: string;
  personnel_number: string;
  name: string;
  employer: Employer;
  workplace: string;
  function: StaffFunction;
  fte_milli: number;
  start_date: string;
  end_date: string | null;
  active: boolean;
}

/** Selects an employee row with dates as ISO strings and whether employed today. */
export const EMPLOYEE_COLUMNS = `id, personnel_number, name, employer, workplace, function, fte_milli,
  to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
  (start_date <= current_date AND (end_date IS NULL OR end_date >= current_date)) AS active`;

export const toEmployee = (row: EmployeeRow): EmployeeRecord => ({
  id: row.id,
  personnelNumber: row.personnel_number,
  name: row.name,
  employer: row.employer,
  workplace: row.workplace,
  function: row.function,
  fteMilli: row.fte_milli,
  startDate: row.start_date,
  endDate: row.end_date,
  active: row.active,
});

export interface PostRecord {
  id: string;
  reference: string;
  unitId: string;
  function: StaffFunction;
  fteMilli: MilliFte;
  employerSide: EmployerSide;
  status: PostStatus;
  holderId: string | null;
  pendingAppointment: boolean;
}

export interface PostRow {
  id: string;
  reference: string;
  unit_id: string;
  function: StaffFunction;
  fte_milli: number;
  employer_side: EmployerSide;
  status: PostStatus;
  holder_id: string | null;
  pending_appointment: boolean;
}

export const POST_COLUMNS = `id, reference, unit_id, function, fte_milli, employer_side, status, holder_id,
  EXISTS (SELECT 1 FROM appointment a WHERE a.post_id = post.id AND a.status = 'PENDING') AS pending_appointment`;

export const toPost = (row: PostRow): PostRecord => ({
  id: row.id,
  reference: row.reference,
  unitId: row.unit_id,
  function: row.function,
  fteMilli: row.fte_milli,
  employerSide: row.employer_side,
  status: row.status,
  holderId: row.holder_id,
  pendingAppointment: row.pending_appointment,
});

/**
 * The permission check a use case runs on the data it is about to change, inside its
 * transaction: it throws when the caller may not write data of that employer.
 */
export type WriteCheck = (employer: Employer) => void;

/** For demo data and event handlers, which act for the system itself. */
export const systemWrite: WriteCheck = () => undefined;
