import { isUuid } from '@jobcenter/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { Outbox } from '@jobcenter/events';
import { NotFound, type Connection, type PageArguments } from '@jobcenter/subgraph-server';
import { checkFiscalYear } from '../domain/budget';
import {
  admitInOrder,
  checkReversal,
  checkReversalReason,
  checkSpendingInput,
  checkWithinAllocation,
  newEntry,
  reversalEntry,
  settlementEntries,
  spendingAfterEach,
  thresholdsReached,
  type NewEntry,
  type SpendingInput,
} from '../domain/spending';
import {
  AllocationsRepository,
  type LockedAllocation,
} from '../repositories/allocations.repository';
import {
  SpendingEntriesRepository,
  type SpendingEntryRecord,
} from '../repositories/spending-entries.repository';
import { ThresholdsRepository } from '../repositories/thresholds.repository';
import { KeyedBatches } from './keyed-batches';

export type { SpendingEntryRecord } from '../repositories/spending-entries.repository';

/**
 * Proof of use (Verwendungsnachweis, docs/rules.md#rule-17): a Bezirksstelle records commitments and
 * expenditures against its allocation. Each entry runs in one transaction that locks the
 * district's allocation row, so concurrent entries are checked one after the other and spending
 * never exceeds the allocation. Entries are append-only (a database trigger refuses UPDATE and
 * DELETE); a mistake is corrected by a reversal entry.
 */
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
    return this.entries.submit(
      `${fiscalYear}|${districtId}`,
      newEntry(districtId, fiscalYear, input, recordedBy),
    );
  }

  /** Records the entries of one district and year in order; those that do not fit are refused. */
  private async recordBatch(batch: NewEntry[]): Promise<(SpendingEntryRecord | Error)[]> {
    const attempt = () =>
      this.dataSource.transaction(async (manager) => {
        const { fiscalYear, districtId } = batch[0]!;
        const allocation = await lockAllocation(manager, fiscalYear, districtId);
        const outcomes = admitInOrder(allocation.amountCents, allocation.spentCents, batch);
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
    checkReversalReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const original = await entryIn(manager, entryId);
      const reversal = reversalEntry(original, reason, bookedOn, recordedBy);
      const allocation = await lockAllocation(manager, original.fiscalYear, original.districtId);
      const entries = new SpendingEntriesRepository(manager);
      checkReversal(original, await entries.isReversed(original.id));
      return this.insert(manager, allocation, reversal);
    });
  }

  /**
   * Settles a commitment by its expenditure in one transaction: the commitment is reversed and the
   * expenditure booked against the freed amount, so no other request can take the money between
   * the two. The allocation limit holds for the result.
   */
  async settle(
    commitmentId: string,
    input: { amountCents: number; bookedOn: string; documentReference: string },
    recordedBy: string,
  ): Promise<SpendingEntryRecord> {
    return this.dataSource.transaction(async (manager) => {
      const commitment = await entryIn(manager, commitmentId);
      const { reversal, expenditure } = settlementEntries(
        commitment,
        { commitmentId, ...input },
        recordedBy,
      );
      const allocation = await lockAllocation(
        manager,
        commitment.fiscalYear,
        commitment.districtId,
      );
      const entries = new SpendingEntriesRepository(manager);
      checkReversal(commitment, await entries.isReversed(commitment.id));
      const freed = allocation.spentCents - commitment.amountCents;
      checkWithinAllocation(allocation.amountCents, freed, input.amountCents);
      await this.insert(manager, allocation, reversal);
      return this.insert(manager, { ...allocation, spentCents: freed }, expenditure);
    });
  }

  entry(entryId: string): Promise<SpendingEntryRecord> {
    return entryIn(this.dataSource.manager, entryId);
  }

  /** The entries of these districts in a year, one statement. */
  entriesOf(fiscalYear: number, districtIds: readonly string[]): Promise<SpendingEntryRecord[]> {
    return new SpendingEntriesRepository(this.dataSource.manager).ofDistricts(
      fiscalYear,
      districtIds,
    );
  }

  /** A page of each district's entries of a year, in the order recorded: one statement for all. */
  entryPagesOf(
    fiscalYear: number,
    districtIds: readonly string[],
    page: PageArguments,
  ): Promise<Map<string, Connection<SpendingEntryRecord>>> {
    return new SpendingEntriesRepository(this.dataSource.manager).pagesOf(
      fiscalYear,
      districtIds,
      page,
    );
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
    const recorded = await new SpendingEntriesRepository(manager).insertMany(
      allocation.allocationId,
      entries,
    );
    const { districtId, fiscalYear } = entries[0]!;
    const { after, reachedAt } = spendingAfterEach(
      allocation.amountCents,
      allocation.spentCents,
      recorded.map((entry) => entry.amountCents),
    );
    const spentCents = after[after.length - 1]!;
    const events = recorded.map((entry, index) => ({
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
        spentCents: after[index]!,
        allocatedCents: allocation.amountCents,
        recordedAt: entry.recordedAt.toISOString(),
      },
    }));
    await new AllocationsRepository(manager).setSpent(
      allocation.allocationId,
      districtId,
      spentCents,
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
  const thresholds = new ThresholdsRepository(manager);
  for (const threshold of thresholdsReached(state.allocatedCents, state.spentCents)) {
    const reachedAt = await thresholds.recordReached({ ...state, threshold });
    if (!reachedAt) continue;
    await outbox.publish(manager, 'allocationThresholdReached', state.districtId, {
      allocationId: state.allocationId,
      districtId: state.districtId,
      fiscalYear: state.fiscalYear,
      thresholdPercent: threshold,
      allocatedCents: state.allocatedCents,
      spentCents: state.spentCents,
      reachedAt: reachedAt.toISOString(),
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

async function entryIn(manager: EntityManager, entryId: string): Promise<SpendingEntryRecord> {
  const entry = isUuid(entryId) ? await new SpendingEntriesRepository(manager).byId(entryId) : null;
  if (!entry) throw new NotFound(`There is no entry ${entryId}`, 'entryId');
  return entry;
}

/** Locks the district's allocation of the year: concurrent entries wait here, one after the other. */
async function lockAllocation(
  manager: EntityManager,
  fiscalYear: number,
  districtId: string,
): Promise<LockedAllocation> {
  const allocation = await new AllocationsRepository(manager).lockOfDistrict(
    fiscalYear,
    districtId,
  );
  if (!allocation)
    throw new NotFound(
      `${districtId} has no adopted allocation for ${fiscalYear}`,
      'input.fiscalYear',
    );
  return allocation;
}
