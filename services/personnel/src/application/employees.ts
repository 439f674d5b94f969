import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  NotFound,
  RuleViolation,
  keysetPage,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { isUniqueViolation, onlyUuids } from '@jobcenter/db';
import { Conflict } from '@jobcenter/subgraph-server';
import {
  checkAssignment,
  parseEmployer,
  parseWorkplace,
  type Employer,
  type StaffFunction,
} from '../domain/functions';
import { parseCalendarDate as parseDate } from '@jobcenter/subgraph-server';
import { parseFte } from '../domain/fte';
import type { Staffing } from './staffing';
import {
  EMPLOYEE_COLUMNS,
  toEmployee,
  type EmployeeRecord,
  type EmployeeRow,
  type WriteCheck,
} from './records';

export interface EmployeeFilter {
  workplaces?: readonly string[];
  employer?: string;
  function?: StaffFunction;
  activeOnly?: boolean;
}

function employeeConditions(filter: EmployeeFilter) {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (filter.workplaces) {
    parameters.push(filter.workplaces);
    conditions.push(`workplace = ANY($${parameters.length})`);
  }
  if (filter.employer) {
    parameters.push(filter.employer);
    conditions.push(`employer = $${parameters.length}`);
  }
  if (filter.function) {
    parameters.push(filter.function);
    conditions.push(`function = $${parameters.length}`);
  }
  if (filter.activeOnly !== false) {
    conditions.push(
      'start_date <= current_date AND (end_date IS NULL OR end_date >= current_date)',
    );
  }
  return { conditions, parameters };
}

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
    const name = input.name.trim();
    if (name.length < 2 || name.length > 200) {
      throw new RuleViolation('a name has 2 to 200 characters', 'name');
    }
    const personnelNumber = input.personnelNumber.trim();
    if (!/^[A-Za-z0-9-]{2,40}$/.test(personnelNumber)) {
      throw new RuleViolation(
        'a personnel number has 2 to 40 letters, digits or dashes',
        'personnelNumber',
      );
    }
    canWrite(employer);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const id = randomUUID();
        await manager.query(
          `INSERT INTO employee (id, personnel_number, name, employer, workplace, function, fte_milli, start_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            id,
            personnelNumber,
            name,
            employer,
            workplace,
            input.function,
            fteMilli,
            input.startDate,
          ],
        );
        return (await this.byIds([id], manager))[0]!;
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
      const [row]: EmployeeRow[] = await manager.query(
        `SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw new NotFound(`There is no employee ${id}`, 'employeeId');
      canWrite(row.employer);
      if (endDate < row.start_date) {
        throw new RuleViolation(
          `the employment began on ${row.start_date}; it cannot end before`,
          'endDate',
        );
      }
      await manager.query('UPDATE employee SET end_date = $2, updated_at = now() WHERE id = $1', [
        id,
        endDate,
      ]);
      const vacated: { unit_id: string }[] = await manager.query(
        `UPDATE post SET status = 'VACANT', holder_id = NULL, updated_at = now() WHERE holder_id = $1 RETURNING unit_id`,
        [id],
      );
      await this.staffing.recompute(
        manager,
        vacated.map((post) => post.unit_id),
      );
      return (await this.byIds([id], manager))[0]!;
    });
  }

  async byIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EmployeeRecord[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return [];
    const rows: EmployeeRow[] = await manager.query(
      `SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = ANY($1)`,
      [valid],
    );
    return rows.map(toEmployee);
  }

  async list(filter: EmployeeFilter): Promise<EmployeeRecord[]> {
    const { conditions, parameters } = employeeConditions(filter);
    const rows: EmployeeRow[] = await this.dataSource.query(
      `SELECT ${EMPLOYEE_COLUMNS} FROM employee ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY workplace, function, personnel_number`,
      parameters,
    );
    return rows.map(toEmployee);
  }

  /** A page of the employees, in the order of `list` (workplace, function, personnel number). */
  page(filter: EmployeeFilter, page: PageArguments): Promise<Connection<EmployeeRecord>> {
    const { conditions, parameters } = employeeConditions(filter);
    return keysetPage(
      this.dataSource,
      {
        name: 'employees',
        select: EMPLOYEE_COLUMNS,
        from: 'employee',
        where: conditions,
        parameters,
        orderBy: [
          { expression: 'workplace', type: 'text' },
          { expression: 'function', type: 'text' },
          { expression: 'personnel_number', type: 'text' },
          { expression: 'id', type: 'uuid' },
        ],
        toNode: toEmployee,
      },
      page,
    );
  }

  /** Headcount and FTE of the active staff per workplace, function and employer: counts only. */
  async summary(workplaces: readonly string[]): Promise<
    {
      workplace: string;
      function: StaffFunction;
      employer: Employer;
      headcount: number;
      fteMilli: number;
    }[]
  > {
    const rows: {
      workplace: string;
      function: StaffFunction;
      employer: Employer;
      headcount: number;
      fte_milli: number;
    }[] = await this.dataSource.query(
      `SELECT workplace, function, employer, count(*)::int AS headcount, sum(fte_milli)::int AS fte_milli
       FROM employee
       WHERE workplace = ANY($1) AND start_date <= current_date AND (end_date IS NULL OR end_date >= current_date)
       GROUP BY workplace, function, employer ORDER BY workplace, function, employer`,
      [workplaces],
    );
    return rows.map((row) => ({ ...row, fteMilli: row.fte_milli }));
  }
}
