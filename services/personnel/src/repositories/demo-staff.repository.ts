import type { EntityManager } from 'typeorm';
import type { AdvertisementRecord } from './advertisements.repository';
import type { EmployeeRecord } from './employees.repository';
import type { PostRecord } from './posts.repository';

/** The staff of one unit as the demo data writes it at once. */
export interface DemoUnitStaff {
  employees: Omit<EmployeeRecord, 'endDate' | 'active'>[];
  posts: Omit<PostRecord, 'pendingAppointment'>[];
  advertisements: (AdvertisementRecord & { createdBy: string })[];
}

/** Writes the demo staff (employees, posts, advertisements) in a few statements per unit. */
export class DemoStaffRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Whether any employee, current or former, is on record. */
  async hasEmployees(): Promise<boolean> {
    const [employee] = await this.manager.query('SELECT 1 FROM employee LIMIT 1');
    return Boolean(employee);
  }

  /** Inserts a unit's staff: one statement per table (none for a table without rows). */
  async insertUnit(staff: DemoUnitStaff): Promise<void> {
    await this.insertRows(
      'INSERT INTO employee (id, personnel_number, name, employer, workplace, function, fte_milli, start_date)',
      staff.employees.map((e) => [
        e.id,
        e.personnelNumber,
        e.name,
        e.employer,
        e.workplace,
        e.function,
        e.fteMilli,
        e.startDate,
      ]),
    );
    await this.insertRows(
      'INSERT INTO post (id, reference, unit_id, function, fte_milli, employer_side, status, holder_id)',
      staff.posts.map((p) => [
        p.id,
        p.reference,
        p.unitId,
        p.function,
        p.fteMilli,
        p.employerSide,
        p.status,
        p.holderId,
      ]),
    );
    await this.insertRows(
      'INSERT INTO advertisement (id, post_id, scope, published_on, closes_on, created_by)',
      staff.advertisements.map((a) => [
        a.id,
        a.postId,
        a.scope,
        a.publishedOn,
        a.closesOn,
        a.createdBy,
      ]),
    );
  }

  /** `insert` followed by one VALUES tuple of parameters per row. */
  private async insertRows(insert: string, rows: unknown[][]): Promise<void> {
    if (rows.length === 0) return;
    const width = rows[0]!.length;
    const values = rows
      .map(
        (_, r) =>
          `(${Array.from({ length: width }, (__, c) => `$${r * width + c + 1}`).join(', ')})`,
      )
      .join(', ');
    await this.manager.query(`${insert} VALUES ${values}`, rows.flat());
  }
}
