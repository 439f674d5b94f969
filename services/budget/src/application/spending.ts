import { isUuid } from '@jobcenter/db';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Outbox } from '@jobcenter/events';
import {
  NotFound,
  RuleViolation,
  keysetPagesOf,
  type Connection,
  type PageArguments,
} from '@jobcenter/subgraph-server';
import { checkFiscalYear } from '../domain/budget';
import {
  checkReversal,
  checkSpendingInput,
  checkWithinAllocation,
  thresholdsReached,
  type EntryKind,
  type SpendingInput,
} from '../domain/spending';
import { cents } from '@jobcenter/kernel';
import { KeyedBatches } from './keyed-batches';

export interface SpendingEntryRecord {
  id: string;
  allocationId: string;
  districtId: string;
  fiscalYear: number;
  kind: EntryKind;
  amountCents: number;
  purpose: string;
  legalBasis: string;
  bookedOn: string;
  documentReference: string;
  reversalOf: string | null;
  recordedBy: string;
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

interface LockedAllocation {
  allocationId: string;
  amountCents: number;
  spentCents: number;
}

/**
 * Proof of use (Verwendungsnachweis, docs/rules.md#rule-17): a Bezirksstelle records commitments and
 * expenditures against its allocation. Each entry runs in one transaction that locks the
 * district's allocation row, so concurrent entries are checked one after the other and spending
 * never exceeds the allocation. Entries are append-only (a database trigger refuses UPDATE and
 * DELETE); a mistake is corrected by a reversal entry.
 */
type NewEntry = Omit<SpendingEntryRecord, 'id' | 'allocationId' | 'recordedAt'>;

export class Spending {
  /**
   * Entries of one district and year that arrive while one is being recorded are recorded
   * together, under one lock and in one transaction, each checked against what the entries before
   * it left: many concurrent entries wait for a few transactions instead of one each.
   */
  private readonly entries = new KeyedBatches<NewEntry, SpendingEntryRecord>((batch) =>
    this.recordBatch(batch),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async record(
    districtId: string,
    fiscalYear: number,
    input: SpendingInput,
    recordedBy: string,
  ): Promise<SpendingEntryRecord> {
    checkFiscalYear(fiscalYear, 'input.fiscalYear');
    checkSpendingInput(input, fiscalYear);
    return this.entries.submit(`${fiscalYear}|${districtId}`, {
      districtId,
      fiscalYear,
      kind: input.kind,
      amountCents: input.amountCents,
      purpose: input.purpose.trim(),
      legalBasis: input.legalBasis.trim(),
      bookedOn: input.bookedOn,
      documentReference: input.documentReference.trim(),
      reversalOf: null,
      recordedBy,
    });
  }

  /** Records the entries of one district and year in order; those that do not fit are refused. */
  private async recordBatch(batch: NewEntry[]): Promise<(SpendingEntryRecord | Error)[]> {
    const attempt = () =>
      this.dataSource.transaction(async (manager) => {
        const { fiscalYear, districtId } = batch[0]!;
        const allocation = await lockAllocation(manager, fiscalYear, districtId);
        let spent = allocation.spentCents;
        const outcomes: (NewEntry | Error)[] = batch.map((entry) => {
          try {
            checkWithinAllocation(allocation.amountCents, spent, entry.amountCents);
            spent += entry.amountCents;
            return entry;
          } catch (error) {
            return error as Error;
          }
        });
        const accepted = outcomes.filter(
          (outcome): outcome is NewEntry => !(outcome instanceof Error),
        );
        const recorded = await this.insertMany(manager, allocation, accepted);
        let next = 0;
        return outcomes.map((outcome) => (outcome instanceof Error ? outcome : recorded[next++]!));
      });
    try {
      return await attempt();
    } catch (error) {
      // A failure that certainly rolled the batch back (a constraint, a deadlock): each entry on
      // its own, so that one cannot fail the others. Anything else (a connection lost at commit)
      // may have committed: the entries fail, and are never recorded twice.
      if (batch.length === 1 || !rolledBack(error)) throw error;
      return Promise.all(
        batch.map((entry) =>
          this.recordBatch([entry]).then(
            ([outcome]) => outcome!,
            (failure: Error) => failure,
          ),
        ),
      );
    }
  }

  /** Undoes an entry by a new entry of the negative amount; the original stays as it was. */
  async reverse(
    entryId: string,
    reason: string,
    bookedOn: string,
    recordedBy: string,
  ): Promise<SpendingEntryRecord> {
    if (reason.trim().length < 3)
      throw new RuleViolation('Say why the entry is reversed (3 characters at least)', 'reason');
    return this.dataSource.transaction(async (manager) => {
      const original = await this.entryIn(manager, entryId);
      checkSpendingInput(
        {
          kind: original.kind,
          amountCents: original.amountCents > 0 ? original.amountCents : 1,
          purpose: reason,
          legalBasis: original.legalBasis,
          bookedOn,
          documentReference: original.documentReference,
        },
        original.fiscalYear,
      );
      if (bookedOn < original.bookedOn) {
        throw new RuleViolation(
          `a reversal is booked on or after the entry it reverses (${original.bookedOn})`,
          'bookedOn',
        );
      }
      const allocation = await lockAllocation(manager, original.fiscalYear, original.districtId);
      const [reversed] = await manager.query(
        'SELECT 1 FROM spending_entry WHERE reversal_of = $1',
        [original.id],
      );
      checkReversal(original, Boolean(reversed));
      return this.insert(manager, allocation, {
        districtId: original.districtId,
        fiscalYear: original.fiscalYear,
        kind: original.kind,
        amountCents: -original.amountCents,
        purpose: `Storno: ${reason.trim()}`,
        legalBasis: original.legalBasis,
        bookedOn,
        documentReference: original.documentReference,
        reversalOf: original.id,
        recordedBy,
      });
    });
  }

  /**
   * Settles a commitment by its expenditure in one transaction: the commitment is reversed and the
   * expenditure booked against the freed amount, so no other request can take the money between
   * the two. The expenditure may differ from the commitment (an invoice is rarely to the cent);
   * the allocation limit holds for the result.
   */
  async settle(
    commitmentId: string,
    input: { amountCents: number; bookedOn: string; documentReference: string },
    recordedBy: string,
  ): Promise<SpendingEntryRecord> {
    return this.dataSource.transaction(async (manager) => {
      const commitment = await this.entryIn(manager, commitmentId);
      if (commitment.kind !== 'COMMITMENT' || commitment.amountCents <= 0) {
        throw new RuleViolation(
          `entry ${commitmentId} is not a commitment; only commitments are settled`,
          'commitmentId',
        );
      }
      checkSpendingInput(
        {
          kind: 'EXPENDITURE',
          amountCents: input.amountCents,
          purpose: commitment.purpose,
          legalBasis: commitment.legalBasis,
          bookedOn: input.bookedOn,
          documentReference: input.documentReference,
        },
        commitment.fiscalYear,
      );
      if (input.bookedOn < commitment.bookedOn) {
        throw new RuleViolation(
          `a settlement is booked on or after its commitment (${commitment.bookedOn})`,
          'bookedOn',
        );
      }
      const allocation = await lockAllocation(
        manager,
        commitment.fiscalYear,
        commitment.districtId,
      );
      const [settled] = await manager.query('SELECT 1 FROM spending_entry WHERE reversal_of = $1', [
        commitment.id,
      ]);
      checkReversal(commitment, Boolean(settled));
      const freed = allocation.spentCents - commitment.amountCents;
      checkWithinAllocation(allocation.amountCents, freed, input.amountCents);
      await this.insert(manager, allocation, {
        districtId: commitment.districtId,
        fiscalYear: commitment.fiscalYear,
        kind: 'COMMITMENT',
        amountCents: -commitment.amountCents,
        purpose: `Abrechnung: ${commitment.purpose}`,
        legalBasis: commitment.legalBasis,
        bookedOn: input.bookedOn,
        documentReference: input.documentReference.trim(),
        reversalOf: commitment.id,
        recordedBy,
      });
      return this.insert(
        manager,
        { ...allocation, spentCents: freed },
        {
          districtId: commitment.districtId,
          fiscalYear: commitment.fiscalYear,
          kind: 'EXPENDITURE',
          amountCents: input.amountCents,
          purpose: commitment.purpose,
          legalBasis: commitment.legalBasis,
          bookedOn: input.bookedOn,
          documentReference: input.documentReference.trim(),
          reversalOf: null,
          recordedBy,
        },
      );
    });
  }

  async entry(entryId: string): Promise<SpendingEntryRecord> {
    return this.entryIn(this.dataSource.manager, entryId);
  }

  /** The entries of these districts in a year, one statement. */
  async entriesOf(
    fiscalYear: number,
    districtIds: readonly string[],
  ): Promise<SpendingEntryRecord[]> {
    const rows: EntryRow[] = await this.dataSource.query(
      `${SELECT} WHERE fiscal_year = $1 AND district_id = ANY($2) ORDER BY recorded_at, id`,
      [fiscalYear, [...districtIds]],
    );
    return rows.map(toEntry);
  }

  /** A page of each district's entries of a year, in the order recorded: one statement for all. */
  entryPagesOf(
    fiscalYear: number,
    districtIds: readonly string[],
    page: PageArguments,
  ): Promise<Map<string, Connection<SpendingEntryRecord>>> {
    return keysetPagesOf(
      this.dataSource,
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

  private async entryIn(manager: EntityManager, entryId: string): Promise<SpendingEntryRecord> {
    if (!isUuid(entryId)) throw new NotFound(`There is no entry ${entryId}`, 'entryId');
    const [row] = await manager.query(`${SELECT} WHERE id = $1`, [entryId]);
    if (!row) throw new NotFound(`There is no entry ${entryId}`, 'entryId');
    return toEntry(row);
  }

  private async insert(
    manager: EntityManager,
    allocation: LockedAllocation,
    entry: NewEntry,
  ): Promise<SpendingEntryRecord> {
    const [recorded] = await this.insertMany(manager, allocation, [entry]);
    return recorded!;
  }

  /** Appends the entries to the allocation of their district, in order, with their events. */
  private async insertMany(
    manager: EntityManager,
    allocation: LockedAllocation,
    entries: NewEntry[],
  ): Promise<SpendingEntryRecord[]> {
    if (entries.length === 0) return [];
    const column = <K extends keyof NewEntry>(key: K) => entries.map((entry) => entry[key]);
    const ids = entries.map(() => randomUUID());
    const rows: EntryRow[] = await manager.query(
      `INSERT INTO spending_entry (id, allocation_id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis, booked_on, document_reference, reversal_of, recorded_by, recorded_at)
       SELECT id, $2, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis, booked_on, document_reference, reversal_of, recorded_by, clock_timestamp()
         FROM unnest($1::uuid[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::date[], $10::text[], $11::uuid[], $12::text[])
           WITH ORDINALITY AS entry(id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis, booked_on, document_reference, reversal_of, recorded_by, position)
        ORDER BY position
       RETURNING id, allocation_id, district_id, fiscal_year, kind, amount_cents, purpose, legal_basis,
         to_char(booked_on, 'YYYY-MM-DD') AS booked_on, document_reference, reversal_of, recorded_by, recorded_at`,
      [
        ids,
        allocation.allocationId,
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
    const recorded = ids.map((id) => byId.get(id)!);
    const { districtId, fiscalYear } = entries[0]!;
    let spentCents = allocation.spentCents;
    // Each threshold is published with the spending of the entry that reached it.
    const reachedAt: number[] = [];
    const events = recorded.map((entry) => {
      const before = thresholdsReached(allocation.amountCents, spentCents).length;
      spentCents += entry.amountCents;
      if (thresholdsReached(allocation.amountCents, spentCents).length > before)
        reachedAt.push(spentCents);
      return {
        subject: districtId,
        data: {
          entryId: entry.id,
          allocationId: allocation.allocationId,
          districtId,
          fiscalYear,
          kind: entry.kind,
          amountCents: entry.amountCents,
          reversalOf: entry.reversalOf,
          legalBasis: entry.legalBasis,
          bookedOn: entry.bookedOn,
          spentCents,
          allocatedCents: allocation.amountCents,
          recordedAt: entry.recordedAt.toISOString(),
        },
      };
    });
    await manager.query(
      'UPDATE district_allocation SET spent_cents = $3 WHERE allocation_id = $1 AND district_id = $2',
      [allocation.allocationId, districtId, spentCents],
    );
    await this.outbox.publishMany(manager, 'expenditureRecorded', events);
    for (const spent of [...reachedAt, spentCents])
      await publishThresholds(manager, this.outbox, {
        allocationId: allocation.allocationId,
        districtId,
        fiscalYear,
        allocatedCents: allocation.amountCents,
        spentCents: spent,
      });
    return recorded;
  }
}

/**
 * Publishes `budget.allocation-threshold-reached` for each threshold (90 %, 100 %) the district's
 * spending has reached of its allocated amount, once per threshold and amount: after an
 * allocation changes, the new amount is watched anew.
 */
export async function publishThresholds(
  manager: EntityManager,
  outbox: Outbox,
  state: {
    allocationId: string;
    districtId: string;
    fiscalYear: number;
    allocatedCents: number;
    spentCents: number;
  },
): Promise<void> {
  for (const threshold of thresholdsReached(state.allocatedCents, state.spentCents)) {
    const inserted = await manager.query(
      `INSERT INTO threshold_reached (allocation_id, district_id, threshold_percent, allocated_cents, reached_at)
       VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING RETURNING reached_at`,
      [state.allocationId, state.districtId, threshold, state.allocatedCents],
    );
    if (inserted.length === 0) continue;
    await outbox.publish(manager, 'allocationThresholdReached', state.districtId, {
      allocationId: state.allocationId,
      districtId: state.districtId,
      fiscalYear: state.fiscalYear,
      thresholdPercent: threshold,
      allocatedCents: state.allocatedCents,
      spentCents: state.spentCents,
      reachedAt: new Date(inserted[0].reached_at).toISOString(),
    });
  }
}

/** PostgreSQL rolled the transaction back for certain: integrity violations, deadlocks, serialization. */
function rolledBack(error: unknown): boolean {
  const code =
    (error as { code?: string })?.code ??
    (error as { driverError?: { code?: string } })?.driverError?.code;
  return typeof code === 'string' && /^(23|40)/.test(code);
}

/** Locks the district's allocation of the year: concurrent entries wait here, one after the other. */
async function lockAllocation(
  manager: EntityManager,
  fiscalYear: number,
  districtId: string,
): Promise<LockedAllocation> {
  const [row] = await manager.query(
    `SELECT d.allocation_id, d.amount_cents, d.spent_cents FROM district_allocation d
     JOIN allocation a ON a.id = d.allocation_id
     WHERE a.fiscal_year = $1 AND d.district_id = $2 FOR UPDATE OF d`,
    [fiscalYear, districtId],
  );
  if (!row)
    throw new NotFound(
      `${districtId} has no adopted allocation for ${fiscalYear}`,
      'input.fiscalYear',
    );
  return {
    allocationId: row.allocation_id,
    amountCents: cents(row.amount_cents),
    spentCents: cents(row.spent_cents),
  };
}
