import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { keysetPagesOf, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import type { DistrictSpending, ReportPeriod } from '../domain/report';
import type { EntryKind, NewEntry } from '../domain/spending';
import { cents } from '@jobcenter/kernel';

export interface SpendingEntryRecord extends NewEntry {
  id: string;
  allocationId: string;
  recordedAt: Date;
}

interface EntryRow {
  id: string;
  allocation_id: string;
  district_id: string;
  fiscal_year: number;
  kind: EntryKind;
  amount_cents: string;
  purpose: string;
  legal_basis: string;
  booked_on: string;
  document_reference: string;
  reversal_of: string | null;
  recorded_by: string;
  recorded_at: Date;
}

const ENTRY_COLUMNS = `id, allocation_id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis,
  to_char(booked_on, 'YYYY-MM-DD') AS booked_on, document_reference, reversal_of, recorded_by, recorded_at`;
const SELECT = `SELECT ${ENTRY_COLUMNS} FROM spending_entry`;

const toEntry = (row: EntryRow): SpendingEntryRecord => ({
  id: row.id,
  allocationId: row.allocation_id,
  districtId: row.district_id,
  fiscalYear: row.fiscal_year,
  kind: row.kind,
  amountCents: cents(row.amount_cents),
  purpose: row.purpose,
  legalBasis: row.legal_basis,
  bookedOn: row.booked_on,
  documentReference: row.document_reference,
  reversalOf: row.reversal_of,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at,
});

/**
 * The proof of use (table `spending_entry`): append-only, a database trigger refuses UPDATE and
 * DELETE.
 */
export class SpendingEntriesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The entry, or null. `entryId` must be a UUID. */
  async byId(entryId: string): Promise<SpendingEntryRecord | null> {
    const [row] = await this.manager.query(`${SELECT} WHERE id = $1`, [entryId]);
    return row ? toEntry(row) : null;
  }

  async isReversed(entryId: string): Promise<boolean> {
    const [reversed] = await this.manager.query(
      'SELECT 1 FROM spending_entry WHERE reversal_of = $1',
      [entryId],
    );
    return Boolean(reversed);
  }

  /** Whether any entry of the year has been recorded. */
  async anyOfYear(fiscalYear: number): Promise<boolean> {
    const [entry] = await this.manager.query(
      'SELECT 1 FROM spending_entry WHERE fiscal_year = $1 LIMIT 1',
      [fiscalYear],
    );
    return Boolean(entry);
  }

  /** The entries of these districts in a year, one statement. */
  async ofDistricts(
    fiscalYear: number,
    districtIds: readonly string[],
  ): Promise<SpendingEntryRecord[]> {
    const rows: EntryRow[] = await this.manager.query(
      `${SELECT} WHERE fiscal_year = $1 AND district_id = ANY($2) ORDER BY recorded_at, id`,
      [fiscalYear, [...districtIds]],
    );
    return rows.map(toEntry);
  }

  /** A page of each district's entries of a year, in the order recorded: one statement for all. */
  pagesOf(
    fiscalYear: number,
    districtIds: readonly string[],
    page: PageArguments,
  ): Promise<Map<string, Connection<SpendingEntryRecord>>> {
    return keysetPagesOf(
      this.manager,
      {
        name: 'spendingEntries',
        parent: 'district_id',
        select: ENTRY_COLUMNS,
        from: 'spending_entry',
        where: ['fiscal_year = $1'],
        parameters: [fiscalYear],
        orderBy: [
          { expression: 'recorded_at', type: 'timestamptz' },
          { expression: 'id', type: 'uuid' },
        ],
        toNode: toEntry,
      },
      districtIds,
      page,
    );
  }

  /** Appends the entries to the allocation, in order, in one statement; answers them in that order. */
  async insertMany(
    allocationId: string,
    entries: readonly NewEntry[],
  ): Promise<SpendingEntryRecord[]> {
    const column = <K extends keyof NewEntry>(key: K) => entries.map((entry) => entry[key]);
    const ids = entries.map(() => randomUUID());
    const rows: EntryRow[] = await this.manager.query(
      `INSERT INTO spending_entry (id, allocation_id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis, booked_on, document_reference, reversal_of, recorded_by, recorded_at)
       SELECT id, $2, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis, booked_on, document_reference, reversal_of, recorded_by, clock_timestamp()
         FROM unnest($1::uuid[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::date[], $10::text[], $11::uuid[], $12::text[])
           WITH ORDINALITY AS entry(id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis, booked_on, document_reference, reversal_of, recorded_by, position)
        ORDER BY position
       RETURNING id, allocation_id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis,
         to_char(booked_on, 'YYYY-MM-DD') AS booked_on, document_reference, reversal_of, recorded_by, recorded_at`,
      [
        ids,
        allocationId,
        column('districtId'),
        column('fiscalYear'),
        column('kind'),
        column('amountCents'),
        column('purpose'),
        column('legalBasis'),
        column('bookedOn'),
        column('documentReference'),
        column('reversalOf'),
        column('recordedBy'),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, toEntry(row)]));
    return ids.map((id) => byId.get(id)!);
  }

  /**
   * Each district's allocation of the year with what was committed and expended in the period and
   * spent up to its end, by district: one statement.
   */
  async spendingInPeriod(period: ReportPeriod): Promise<DistrictSpending[]> {
    const rows: {
      district_id: string;
      allocated: string;
      committed: string;
      expended: string;
      spent_to_date: string;
    }[] = await this.manager.query(
      `SELECT d.district_id, d.amount_cents::text AS allocated,
         coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'COMMITMENT' AND e.booked_on >= $2), 0)::text AS committed,
         coalesce(sum(e.amount_cents) FILTER (WHERE e.kind = 'EXPENDITURE' AND e.booked_on >= $2), 0)::text AS expended,
         coalesce(sum(e.amount_cents), 0)::text AS spent_to_date
       FROM district_allocation d JOIN allocation a ON a.id = d.allocation_id
       LEFT JOIN spending_entry e ON e.allocation_id = d.allocation_id AND e.district_id = d.district_id AND e.booked_on <= $3
       WHERE a.fiscal_year = $1
       GROUP BY d.district_id, d.amount_cents ORDER BY d.district_id`,
      [period.fiscalYear, period.from, period.to],
    );
    return rows.map((row) => ({
      districtId: row.district_id,
      allocatedCents: cents(row.allocated),
      committedCents: cents(row.committed),
      expendedCents: cents(row.expended),
      spentToDateCents: cents(row.spent_to_date),
    }));
  }
}
