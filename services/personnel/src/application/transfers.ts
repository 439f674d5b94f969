import { randomUUID } from 'node:crypto';
import type { Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import {
  Conflict,
  NotFound,
  RuleViolation,
  keysetPage,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { isUniqueViolation, isUuid } from '@jobcenter/db';
import { parseEmployer, type Employer } from '../domain/functions';
import { checkNewPost, employerOfPost } from '../domain/posts';
import {
  answer,
  checkVoluntaryTransfer,
  type ConsentParty,
  type Consents,
  type TransferKind,
  type TransferStatus,
} from '../domain/transfers';
import type { Posts } from './posts';
import type { Staffing } from './staffing';
import { EMPLOYEE_COLUMNS, toEmployee, type EmployeeRow } from './records';

export interface TransferRecord {
  id: string;
  kind: TransferKind;
  employeeId: string | null;
  postId: string | null;
  fromEmployer: Employer;
  toEmployer: Employer;
  city: Employer;
  status: TransferStatus;
  consents: Consents;
  reason: string;
  createdAt: Date;
  decidedAt: Date | null;
}

interface TransferRow {
  id: string;
  kind: TransferKind;
  employee_id: string | null;
  post_id: string | null;
  from_employer: Employer;
  to_employer: Employer;
  city: Employer;
  status: TransferStatus;
  consent_employee: boolean | null;
  consent_city: boolean | null;
  consent_kreis: boolean | null;
  reason: string;
  created_at: Date;
  decided_at: Date | null;
}

const toRecord = (row: TransferRow): TransferRecord => {
  const consents: Consents = {};
  if (row.consent_employee !== null) consents.EMPLOYEE = row.consent_employee;
  if (row.consent_city !== null) consents.CITY = row.consent_city;
  if (row.consent_kreis !== null) consents.KREIS = row.consent_kreis;
  return {
    id: row.id,
    kind: row.kind,
    employeeId: row.employee_id,
    postId: row.post_id,
    fromEmployer: row.from_employer,
    toEmployer: row.to_employer,
    city: row.city,
    status: row.status,
    consents,
    reason: row.reason,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
};

export interface TransferGroupReportRecord {
  id: string;
  title: string;
  text: string;
  transferCount: number;
  submittedAt: Date;
}

const CONSENT_COLUMN: Record<ConsentParty, string> = {
  EMPLOYEE: 'consent_employee',
  CITY: 'consent_city',
  KREIS: 'consent_kreis',
};

/**
 * Transfers between Kreis and cities (Überleitung, docs/rules.md#rule-9, #rule-10) and the transfer
 * group's reports to the board.
 */
export class Transfers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly posts: Posts,
    private readonly staffing: Staffing,
  ) {}

  private checkReason(reason: string): string {
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 2000) {
      throw new RuleViolation('a reason has 3 to 2000 characters', 'reason');
    }
    return trimmed;
  }

  /**
   * Fluctuation: a vacant (or advertised) post is refilled by the other side. The post changes
   * side at once; no person moves, so nobody's consent is needed.
   */
  async byFluctuation(postId: string, reason: string, by: string): Promise<TransferRecord> {
    const why = this.checkReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const post = await this.posts.locked(manager, postId);
      if (post.status === 'FILLED') {
        throw new RuleViolation(
          `post ${post.reference} is filled: by fluctuation only a post that fell vacant changes side (DOMAIN rule 9); a person moves only by a voluntary transfer`,
          'postId',
        );
      }
      if (post.pendingAppointment) {
        throw new Conflict(`post ${post.reference} awaits a leadership appointment`, 'postId');
      }
      const toSide = post.employerSide === 'KREIS' ? 'CITY' : 'KREIS';
      checkNewPost(post.unitId, post.function, toSide);
      const from = employerOfPost(post.unitId, post.employerSide);
      const to = employerOfPost(post.unitId, toSide);
      await manager.query('UPDATE post SET employer_side = $2, updated_at = now() WHERE id = $1', [
        post.id,
        toSide,
      ]);
      return this.insert(manager, {
        kind: 'FLUCTUATION',
        employeeId: null,
        postId: post.id,
        from,
        to,
        city: from === 'KREIS' ? to : from,
        status: 'COMPLETED',
        reason: why,
        by,
      });
    });
  }

  /** Opens a voluntary transfer of an employee; nothing moves until all three consented. */
  async proposeVoluntary(
    input: { employeeId: string; to: string; reason: string },
    by: string,
  ): Promise<TransferRecord> {
    const to = parseEmployer(input.to, 'to');
    const why = this.checkReason(input.reason);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [row]: EmployeeRow[] = isUuid(input.employeeId)
          ? await manager.query(`SELECT ${EMPLOYEE_COLUMNS} FROM employee WHERE id = $1`, [
              input.employeeId,
            ])
          : [];
        if (!row) throw new NotFound(`There is no employee ${input.employeeId}`, 'employeeId');
        const employee = toEmployee(row);
        if (!employee.active) {
          throw new RuleViolation(`employee ${employee.id} is not employed`, 'employeeId');
        }
        const { city } = checkVoluntaryTransfer(employee, to);
        return await this.insert(manager, {
          kind: 'VOLUNTARY',
          employeeId: employee.id,
          postId: null,
          from: employee.employer,
          to,
          city,
          status: 'OPEN',
          reason: why,
          by,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(
          `employee ${input.employeeId} already has an open transfer`,
          'employeeId',
        );
      }
      throw error;
    }
  }

  /**
   * Records one party's answer. A refusal ends the transfer; the third consent completes it: the
   * employee changes employer and a post they hold changes side with them.
   */
  async answer(
    transferId: string,
    party: ConsentParty,
    consent: boolean,
    authorize: (transfer: TransferRecord) => void,
  ): Promise<TransferRecord> {
    return this.dataSource.transaction(async (manager) => {
      const transfer = await this.locked(manager, transferId);
      authorize(transfer);
      if (transfer.kind !== 'VOLUNTARY') {
        throw new RuleViolation('a transfer by fluctuation needs no consent', 'transferId');
      }
      const outcome = answer(transfer, party, consent);
      await manager.query(
        `UPDATE transfer SET ${CONSENT_COLUMN[party]} = $2, status = $3,
           decided_at = CASE WHEN $3 = 'OPEN' THEN NULL ELSE now() END WHERE id = $1`,
        [transfer.id, consent, outcome.status],
      );
      if (outcome.status === 'COMPLETED') {
        const [employee] = await manager.query(
          `SELECT 1 FROM employee WHERE id = $1 AND (end_date IS NULL OR end_date >= current_date) FOR UPDATE`,
          [transfer.employeeId],
        );
        if (!employee) {
          throw new Conflict(
            `employee ${transfer.employeeId} has left; the transfer cannot complete`,
            'transferId',
          );
        }
        await manager.query('UPDATE employee SET employer = $2, updated_at = now() WHERE id = $1', [
          transfer.employeeId,
          transfer.toEmployer,
        ]);
        const moved: { unit_id: string }[] = await manager.query(
          `UPDATE post SET employer_side = $2, updated_at = now() WHERE holder_id = $1 RETURNING unit_id`,
          [transfer.employeeId, transfer.toEmployer === 'KREIS' ? 'KREIS' : 'CITY'],
        );
        await this.staffing.recompute(
          manager,
          moved.map((post) => post.unit_id),
        );
      }
      return this.locked(manager, transfer.id);
    });
  }

  private async locked(manager: EntityManager, id: string): Promise<TransferRecord> {
    const [row]: TransferRow[] = isUuid(id)
      ? await manager.query('SELECT * FROM transfer WHERE id = $1 FOR UPDATE', [id])
      : [];
    if (!row) throw new NotFound(`There is no transfer ${id}`, 'transferId');
    return toRecord(row);
  }

  private async insert(
    manager: EntityManager,
    t: {
      kind: TransferKind;
      employeeId: string | null;
      postId: string | null;
      from: Employer;
      to: Employer;
      city: Employer;
      status: TransferStatus;
      reason: string;
      by: string;
    },
  ): Promise<TransferRecord> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO transfer (id, kind, employee_id, post_id, from_employer, to_employer, city, status, reason, created_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'OPEN' THEN NULL ELSE now() END)`,
      [id, t.kind, t.employeeId, t.postId, t.from, t.to, t.city, t.status, t.reason, t.by],
    );
    return this.locked(manager, id);
  }

  async list(filter: { status?: TransferStatus; city?: string } = {}): Promise<TransferRecord[]> {
    const rows: TransferRow[] = await this.dataSource.query(
      `SELECT * FROM transfer WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR city = $2)
       ORDER BY created_at DESC`,
      [filter.status ?? null, filter.city ?? null],
    );
    return rows.map(toRecord);
  }

  /** A page of the transfers, newest first. */
  page(
    filter: { status?: TransferStatus; city?: string },
    page: PageArguments,
  ): Promise<Connection<TransferRecord>> {
    return keysetPage(
      this.dataSource,
      {
        name: 'transfers',
        select: '*',
        from: 'transfer',
        where: ['($1::text IS NULL OR status = $1)', '($2::text IS NULL OR city = $2)'],
        parameters: [filter.status ?? null, filter.city ?? null],
        orderBy: [
          { expression: 'created_at', type: 'timestamptz', descending: true },
          { expression: 'id', type: 'uuid', descending: true },
        ],
        toNode: toRecord,
      },
      page,
    );
  }

  /**
   * The transfer group reports to the board (docs/rules.md#rule-10): the report reaches governance as
   * `personnel.transfer-group-report-submitted.v1` and becomes a submission there.
   */
  async report(
    input: { title: string; text: string },
    by: string,
  ): Promise<TransferGroupReportRecord> {
    const title = input.title.trim();
    const text = input.text.trim();
    if (title.length < 3 || title.length > 200) {
      throw new RuleViolation('a title has 3 to 200 characters', 'title');
    }
    if (text.length < 10 || text.length > 20_000) {
      throw new RuleViolation('a report has 10 to 20,000 characters', 'text');
    }
    return this.dataSource.transaction(async (manager) => {
      const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM transfer');
      const record: TransferGroupReportRecord = {
        id: randomUUID(),
        title,
        text,
        transferCount: n,
        submittedAt: new Date(),
      };
      await manager.query(
        `INSERT INTO transfer_group_report (id, title, text, transfer_count, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [record.id, title, text, n, by, record.submittedAt],
      );
      await this.outbox.publish(manager, 'transferGroupReportSubmitted', record.id, {
        reportId: record.id,
        title,
        text,
        transferCount: n,
        submittedAt: record.submittedAt.toISOString(),
      });
      return record;
    });
  }

  async reports(): Promise<TransferGroupReportRecord[]> {
    const rows: {
      id: string;
      title: string;
      text: string;
      transfer_count: number;
      submitted_at: Date;
    }[] = await this.dataSource.query(
      'SELECT id, title, text, transfer_count, submitted_at FROM transfer_group_report ORDER BY submitted_at DESC',
    );
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      text: row.text,
      transferCount: row.transfer_count,
      submittedAt: row.submitted_at,
    }));
  }
}
