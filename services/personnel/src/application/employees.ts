import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { NotFound, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { isUniqueViolation } from '@jobcenter/db';
import { Conflict } from '@jobcenter/subgraph-server';
import {
  checkAssignment,
  parseEmployer,
  parseWorkplace,
  type StaffFunction,
} from '../domain/functions';
import { parseCalendarDate as parseDate } from '@jobcenter/subgraph-server';
import { parseFte } from '../domain/fte';
import { checkEndOfEmployment, parseEmployeeName, parsePersonnelNumber } from '../domain/employees';
import {
  EmployeesRepository,
  type EmployeeFilter,
  type EmployeeRecord,
  type StaffSummaryRow,
} from '../repositories/employees.repository';
import { PostsRepository } from '../repositories/posts.repository';
import type { Staffing } from './staffing';
import type { WriteCheck } from './records';

export type { EmployeeFilter } from '../repositories/employees.repository';

export interface HireInput {
  personnelNumber: string;
  name: string;
  employer: string;
  workplace: string;
  function: StaffFunction;
  fte: number;
  startDate: string;
}

/** Employees of the Kreis and the cities who work for the Jobcenter. */
export class Employees {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staffing: Staffing,
  ) {}

  async hire(input: HireInput, canWrite: WriteCheck): Promise<EmployeeRecord> {
    const employer = parseEmployer(input.employer, 'employer');
    const workplace = parseWorkplace(input.workplace, 'workplace');
    checkAssignment(employer, workplace, input.function);
    const fteMilli = parseFte(input.fte, 'fte');
    parseDate(input.startDate, 'startDate');
    const name = parseEmployeeName(input.name);
    const personnelNumber = parsePersonnelNumber(input.personnelNumber);
    canWrite(employer);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const employees = new EmployeesRepository(manager);
        const id = randomUUID();
        await employees.insert({
          id,
          personnelNumber,
          name,
          employer,
          workplace,
          function: input.function,
          fteMilli,
          startDate: input.startDate,
        });
        return (await employees.byIds([id]))[0]!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(
          `personnel number ${personnelNumber} is already taken`,
          'personnelNumber',
        );
      }
      throw error;
    }
  }

  /** Ends an employment; a post the employee held falls vacant (and the gap is recomputed). */
  async end(id: string, endDate: string, canWrite: WriteCheck): Promise<EmployeeRecord> {
    parseDate(endDate, 'endDate');
    return this.dataSource.transaction(async (manager) => {
      const employees = new EmployeesRepository(manager);
      const employee = await employees.lock(id);
      if (!employee) throw new NotFound(`There is no employee ${id}`, 'employeeId');
      canWrite(employee.employer);
      checkEndOfEmployment(employee.startDate, endDate);
      await employees.setEndDate(id, endDate);
      const vacated = await new PostsRepository(manager).vacateHeldBy(id);
      await this.staffing.recompute(manager, vacated);
      return (await employees.byIds([id]))[0]!;
    });
  }

  byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EmployeeRecord[]> {
    return new EmployeesRepository(manager).byIds(ids);
  }

  list(filter: EmployeeFilter): Promise<EmployeeRecord[]> {
    return new EmployeesRepository(this.dataSource.manager).list(filter);
  }

  /** A page of the employees, in the order of `list` (workplace, function, personnel number). */
  page(filter: EmployeeFilter, page: PageArguments): Promise<Connection<EmployeeRecord>> {
    return new EmployeesRepository(this.dataSource.manager).page(filter, page);
  }

  /** Headcount and FTE of the active staff per workplace, function and employer: counts only. */
  summary(workplaces: readonly string[]): Promise<StaffSummaryRow[]> {
    return new EmployeesRepository(this.dataSource.manager).summary(workplaces);
  }
}
