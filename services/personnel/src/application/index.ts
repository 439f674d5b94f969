import type { Appointments } from './appointments';
import type { Employees } from './employees';
import type { Posts } from './posts';
import type { RegionalTasks } from './regional-tasks';
import type { Staffing } from './staffing';
import type { Transfers } from './transfers';

/** The use cases of the personnel service, built once at start. */
export interface PersonnelServices {
  staffing: Staffing;
  employees: Employees;
  posts: Posts;
  transfers: Transfers;
  appointments: Appointments;
  regionalTasks: RegionalTasks;
}
