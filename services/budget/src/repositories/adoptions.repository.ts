import type { EntityManager } from 'typeorm';
import type { AdoptionOutcome } from '../domain/proposal';

/**
 * The board's FUNDS_ALLOCATION resolutions as received (table `allocation_adoption`), one row per
 * resolution with what became of it.
 */
export class AdoptionsRepository {
  constructor(private readonly manager: EntityManager) {}

  async isKnown(resolutionId: string): Promise<boolean> {
    const [known] = await this.manager.query(
      'SELECT 1 FROM allocation_adoption WHERE resolution_id = $1',
      [resolutionId],
    );
    return Boolean(known);
  }

  /** An adoption of a proposal not made yet, applied when it is. */
  async insertPending(resolutionId: string, proposalId: string, adoptedAt: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO allocation_adoption (resolution_id, proposal_id, fiscal_year, adopted_at, received_at, outcome)
       VALUES ($1, $2, NULL, $3, now(), 'PENDING')`,
      [resolutionId, proposalId, adoptedAt],
    );
  }

  /** The pending adoptions of a proposal, oldest first. */
  async pendingOf(proposalId: string): Promise<{ resolutionId: string; adoptedAt: Date }[]> {
    const rows: { resolution_id: string; adopted_at: Date }[] = await this.manager.query(
      `SELECT resolution_id, adopted_at FROM allocation_adoption
       WHERE proposal_id = $1 AND outcome = 'PENDING' ORDER BY adopted_at, resolution_id`,
      [proposalId],
    );
    return rows.map((row) => ({ resolutionId: row.resolution_id, adoptedAt: row.adopted_at }));
  }

  /** Records the outcome of an adoption (a pending one gets its year and outcome). */
  async record(
    adoption: { resolutionId: string; proposalId: string; fiscalYear: number; adoptedAt: Date },
    outcome: Exclude<AdoptionOutcome, 'SUPERSEDED'>,
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO allocation_adoption (resolution_id, proposal_id, fiscal_year, adopted_at, received_at, outcome)
       VALUES ($1, $2, $3, $4, now(), $5)
       ON CONFLICT (resolution_id) DO UPDATE SET fiscal_year = $3, outcome = $5`,
      [
        adoption.resolutionId,
        adoption.proposalId,
        adoption.fiscalYear,
        adoption.adoptedAt,
        outcome,
      ],
    );
  }

  /** The adoption in force until now was replaced by a later one. */
  async markSuperseded(resolutionId: string): Promise<void> {
    await this.manager.query(
      `UPDATE allocation_adoption SET outcome = 'SUPERSEDED' WHERE resolution_id = $1`,
      [resolutionId],
    );
  }
}
