import type { EntityManager } from 'typeorm';
import { insertRows, isUuid, onlyUuids } from '@jobcenter/db';
import { keysetPage, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { Employer, StaffFunction } from '../domain/functions';
import type { MilliFte } from '../domain/fte';

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

export interface EmployeeFilter {
  workplaces?: readonly string[];
  employer?: string;
  function?: StaffFunction;
  activeOnly?: boolean;
}

/** Headcount and FTE of the active staff of one workplace, function and employer. */
export interface StaffSummaryRow {
  workplace: string;
  function: StaffFunction;
  employer: Employer;
  headcount: number;
  fteMilli: number;
}

interface EmployeeRow {
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
const EMPLOYEE_COLUMNS = `id, personnel_number, name, employer, workplace, function, fte_milli,
  to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
  (start_date <= current_date AND (end_date IS NULL OR end_date >= current_date)) AS active`;

const toEmployee = (row: EmployeeRow): EmployeeRecord => ({
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

/** Employees of the Kreis and the cities, read and written in the caller's transaction. */
/** An employee as hired: no end date yet. */
export type NewEmployee = Omit<EmployeeRecord, 'endDate' | 'active'>;

export class EmployeesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** One employee, or null (also for an id that is no UUID). */
  async find(id: string): Promise<EmployeeRecord | null> {
    const [row]: EmployeeRow[] = isUuid(id)
      ? await this.manager.query(`SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1`, [id])
      : [];
    return row ? toEmployee(row) : null;
  }

  /** One employee, locked until the transaction ends, or null (also for an id that is no UUID). */
  async lock(id: string): Promise<EmployeeRecord | null> {
    const [row]: EmployeeRow[] = isUuid(id)
      ? await this.manager.query(
          `SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1 FOR UPDATE`,
          [id],
        )
      : [];
    return row ? toEmployee(row) : null;
  }

  /** Locks an employee who has not left (an end date today or later counts as employed). */
  async lockNotLeft(id: string | null): Promise<boolean> {
    const [employee] = await this.manager.query(
      `SELECT 1 FROM employee WHERE id = $1 AND (end_date IS NULL OR end_date >= current_date) FOR UPDATE`,
      [id],
    );
    return Boolean(employee);
  }

  async insert(employee: NewEmployee): Promise<void> {
    await this.insertMany([employee]);
  }

  /** Inserts the employees in one statement. */
  async insertMany(employees: readonly NewEmployee[]): Promise<void> {
    await insertRows(
      this.manager,
      'INSERT INTO employee (id, personnel_number, name, employer, workplace, function, fte_milli, start_date)',
      employees.map((employee) => [
        employee.id,
        employee.personnelNumber,
        employee.name,
        employee.employer,
        employee.workplace,
        employee.function,
        employee.fteMilli,
        employee.startDate,
      ]),
    );
  }

  /** Whether any employee, current or former, is on record. */
  async any(): Promise<boolean> {
    const [employee] = await this.manager.query('SELECT 1 FROM employee LIMIT 1');
    return Boolean(employee);
  }

  async setEndDate(id: string, endDate: string): Promise<void> {
    await this.manager.query(
      'UPDATE employee SET end_date = $2, updated_at = now() WHERE id = $1',
      [id, endDate],
    );
  }

  async setEmployer(id: string | null, employer: Employer): Promise<void> {
    await this.manager.query(
      'UPDATE employee SET employer = $2, updated_at = now() WHERE id = $1',
      [id, employer],
    );
  }

  /** The employee becomes the head of a unit (a leadership appointment completed). */
  async makeHead(id: string, unitId: string): Promise<void> {
    await this.manager.query(
      `UPDATE employee SET function = 'LEADERSHIP', workplace = $2, updated_at = now() WHERE id = $1`,
      [id, unitId],
    );
  }

  async byIds(ids: readonly string[]): Promise<EmployeeRecord[]> {
    const valid = onlyUuids(ids);
    if (valid.length === 0) return [];
    const rows: EmployeeRow[] = await this.manager.query(
      `SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = ANY($1)`,
      [valid],
    );
    return rows.map(toEmployee);
  }

  async list(filter: EmployeeFilter): Promise<EmployeeRecord[]> {
    const { conditions, parameters } = employeeConditions(filter);
    const rows: EmployeeRow[] = await this.manager.query(
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
      this.manager,
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
  async summary(workplaces: readonly string[]): Promise<StaffSummaryRow[]> {
    const rows: {
      workplace: string;
      function: StaffFunction;
      employer: Employer;
      headcount: number;
      fte_milli: number;
    }[] = await this.manager.query(
      `SELECT workplace, function, employer, count(*)::int AS headcount, sum(fte_milli)::int AS fte_milli
       FROM employee
       WHERE workplace = ANY($1) AND start_date <= current_date AND (end_date IS NULL OR end_date >= current_date)
       GROUP BY workplace, function, employer ORDER BY workplace, function, employer`,
      [workplaces],
    );
    return rows.map((row) => ({ ...row, fteMilli: row.fte_milli }));
  }
}
