import type { EntityManager } from 'typeorm';
import { isUuid } from '@jobcenter/db';
import { keysetPage, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { Employer } from '../domain/functions';
import type { ConsentParty, Consents, TransferKind, TransferStatus } from '../domain/transfers';

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

export interface TransferFilter {
  status?: TransferStatus;
  city?: string;
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

const CONSENT_COLUMN: Record<ConsentParty, string> = {
  EMPLOYEE: 'consent_employee',
  CITY: 'consent_city',
  KREIS: 'consent_kreis',
};

/** Transfers between Kreis and cities, with the three parties' answers. */
export class TransfersRepository {
  constructor(private readonly manager: EntityManager) {}

  /** One transfer, locked until the transaction ends, or null (also for an id that is no UUID). */
  async lock(id: string): Promise<TransferRecord | null> {
    const [row]: TransferRow[] = isUuid(id)
      ? await this.manager.query('SELECT * FROM transfer WHERE id = $1 FOR UPDATE', [id])
      : [];
    return row ? toRecord(row) : null;
  }

  /** Stores a transfer; decided now unless it is still open. */
  async insert(t: {
    id: string;
    kind: TransferKind;
    employeeId: string | null;
    postId: string | null;
    from: Employer;
    to: Employer;
    city: Employer;
    status: TransferStatus;
    reason: string;
    by: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO transfer (id, kind, employee_id, post_id, from_employer, to_employer, city, status, reason, created_by, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'OPEN' THEN NULL ELSE now() END)`,
      [t.id, t.kind, t.employeeId, t.postId, t.from, t.to, t.city, t.status, t.reason, t.by],
    );
  }

  /** Records one party's answer and the status it leads to; decided now unless still open. */
  async recordAnswer(
    id: string,
    party: ConsentParty,
    consent: boolean,
    status: TransferStatus,
  ): Promise<void> {
    await this.manager.query(
      `UPDATE transfer SET ${CONSENT_COLUMN[party]} = $2, status = $3,
         decided_at = CASE WHEN $3 = 'OPEN' THEN NULL ELSE now() END WHERE id = $1`,
      [id, consent, status],
    );
  }

  async count(): Promise<number> {
    const [{ n }] = await this.manager.query('SELECT count(*)::int AS n FROM transfer');
    return n;
  }

  /** The transfers, newest first. */
  async list(filter: TransferFilter): Promise<TransferRecord[]> {
    const rows: TransferRow[] = await this.manager.query(
      `SELECT * FROM transfer WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR city = $2)
       ORDER BY created_at DESC`,
      [filter.status ?? null, filter.city ?? null],
    );
    return rows.map(toRecord);
  }

  /** A page of the transfers, newest first. */
  page(filter: TransferFilter, page: PageArguments): Promise<Connection<TransferRecord>> {
    return keysetPage(
      this.manager,
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
}
