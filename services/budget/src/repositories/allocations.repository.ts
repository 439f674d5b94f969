import { lockName, onlyUuids } from '@jobcenter/db';
import type { EntityManager } from 'typeorm';
import { cents } from '@jobcenter/kernel';

export interface AllocationRecord {
  id: string;
  fiscalYear: number;
  proposalId: string;
  resolutionId: string;
  poolCents: number;
  adoptedAt: Date;
}

export interface DistrictAllocationRecord {
  allocationId: string;
  fiscalYear: number;
  districtId: string;
  amountCents: number;
  spentCents: number;
  remainingCents: number;
}

/** A district's allocation of a year, its row locked for recording spending against it. */
export interface LockedAllocation {
  allocationId: string;
  amountCents: number;
  spentCents: number;
}

const toAllocation = (row: {
  id: string;
  fiscal_year: number;
  proposal_id: string;
  resolution_id: string;
  pool_cents: string;
  adopted_at: Date;
}): AllocationRecord => ({
  id: row.id,
  fiscalYear: row.fiscal_year,
  proposalId: row.proposal_id,
  resolutionId: row.resolution_id,
  poolCents: cents(row.pool_cents),
  adoptedAt: row.adopted_at,
});

/**
 * The allocation in force per fiscal year (table `allocation`) and each district's amount and
 * spending under it (`district_allocation`).
 */
export class AllocationsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Serialises the adoptions of one fiscal year until the transaction ends. */
  lockYear(fiscalYear: number): Promise<void> {
    return lockName(this.manager, `allocation-year:${fiscalYear}`);
  }

  /** The year's allocation, its row locked until the transaction ends; null when there is none. */
  async lockOfYear(fiscalYear: number): Promise<AllocationRecord | null> {
    const [row] = await this.manager.query(
      'SELECT * FROM allocation WHERE fiscal_year = $1 FOR UPDATE',
      [fiscalYear],
    );
    return row ? toAllocation(row) : null;
  }

  async ofYears(fiscalYears: readonly number[]): Promise<AllocationRecord[]> {
    return (
      await this.manager.query('SELECT * FROM allocation WHERE fiscal_year = ANY($1::int[])', [
        [...fiscalYears],
      ])
    ).map(toAllocation);
  }

  async byIds(ids: readonly string[]): Promise<AllocationRecord[]> {
    return (
      await this.manager.query('SELECT * FROM allocation WHERE id = ANY($1::uuid[])', [
        onlyUuids(ids),
      ])
    ).map(toAllocation);
  }

  async insert(allocation: AllocationRecord): Promise<void> {
    await this.manager.query(
      `INSERT INTO allocation (id, fiscal_year, proposal_id, resolution_id, pool_cents, adopted_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        allocation.id,
        allocation.fiscalYear,
        allocation.proposalId,
        allocation.resolutionId,
        allocation.poolCents,
        allocation.adoptedAt,
      ],
    );
  }

  /** Another proposal's amounts in place of the allocation's: its districts start again from 0. */
  async replace(allocation: Omit<AllocationRecord, 'fiscalYear'>): Promise<void> {
    await this.manager.query(
      'UPDATE allocation SET proposal_id = $2, resolution_id = $3, pool_cents = $4, adopted_at = $5 WHERE id = $1',
      [
        allocation.id,
        allocation.proposalId,
        allocation.resolutionId,
        allocation.poolCents,
        allocation.adoptedAt,
      ],
    );
    await this.manager.query(
      'UPDATE district_allocation SET amount_cents = 0 WHERE allocation_id = $1',
      [allocation.id],
    );
  }

  /** Sets the districts' amounts, one statement each, in order; spending stays as it is. */
  async setDistrictAmounts(
    allocationId: string,
    amounts: readonly { districtId: string; amountCents: number }[],
  ): Promise<void> {
    for (const district of amounts) {
      await this.manager.query(
        `INSERT INTO district_allocation (allocation_id, district_id, amount_cents) VALUES ($1, $2, $3)
         ON CONFLICT (allocation_id, district_id) DO UPDATE SET amount_cents = $3`,
        [allocationId, district.districtId, district.amountCents],
      );
    }
  }

  /** What each district has spent of the allocation, its rows locked until the transaction ends. */
  async lockSpending(allocationId: string): Promise<Map<string, number>> {
    const rows: { district_id: string; spent_cents: string }[] = await this.manager.query(
      'SELECT district_id, spent_cents FROM district_allocation WHERE allocation_id = $1 FOR UPDATE',
      [allocationId],
    );
    return new Map(rows.map((row) => [row.district_id, cents(row.spent_cents)]));
  }

  /** The district's allocation of the year, locked: concurrent entries wait here, one after the other. */
  async lockOfDistrict(fiscalYear: number, districtId: string): Promise<LockedAllocation | null> {
    const [row] = await this.manager.query(
      `SELECT d.allocation_id, d.amount_cents, d.spent_cents FROM district_allocation d
       JOIN allocation a ON a.id = d.allocation_id
       WHERE a.fiscal_year = $1 AND d.district_id = $2 FOR UPDATE OF d`,
      [fiscalYear, districtId],
    );
    if (!row) return null;
    return {
      allocationId: row.allocation_id,
      amountCents: cents(row.amount_cents),
      spentCents: cents(row.spent_cents),
    };
  }

  async setSpent(allocationId: string, districtId: string, spentCents: number): Promise<void> {
    await this.manager.query(
      'UPDATE district_allocation SET spent_cents = $3 WHERE allocation_id = $1 AND district_id = $2',
      [allocationId, districtId, spentCents],
    );
  }

  /** What each of these districts was allocated in the year, and has spent: one statement. */
  districtAllocations(
    fiscalYear: number,
    districtIds: readonly string[],
  ): Promise<DistrictAllocationRecord[]> {
    return this.readDistrictAllocations('a.fiscal_year = $1 AND d.district_id = ANY($2)', [
      fiscalYear,
      [...districtIds],
    ]);
  }

  /** Every year's allocation of these districts, newest first: one statement. */
  allAllocationsOf(districtIds: readonly string[]): Promise<DistrictAllocationRecord[]> {
    return this.readDistrictAllocations('d.district_id = ANY($1)', [[...districtIds]]);
  }

  /** Every district's share of these allocations: one statement. */
  districtsOfAllocations(allocationIds: readonly string[]): Promise<DistrictAllocationRecord[]> {
    return this.readDistrictAllocations('a.id = ANY($1::uuid[])', [onlyUuids(allocationIds)]);
  }

  private async readDistrictAllocations(
    where: string,
    parameters: unknown[],
  ): Promise<DistrictAllocationRecord[]> {
    const rows: {
      allocation_id: string;
      fiscal_year: number;
      district_id: string;
      amount_cents: string;
      spent_cents: string;
    }[] = await this.manager.query(
      `SELECT d.*, a.fiscal_year FROM district_allocation d JOIN allocation a ON a.id = d.allocation_id
       WHERE ${where} ORDER BY d.district_id, a.fiscal_year DESC`,
      parameters,
    );
    return rows.map((row) => ({
      allocationId: row.allocation_id,
      fiscalYear: row.fiscal_year,
      districtId: row.district_id,
      amountCents: cents(row.amount_cents),
      spentCents: cents(row.spent_cents),
      remainingCents: cents(row.amount_cents) - cents(row.spent_cents),
    }));
  }
}
