import type { DataSource, EntityManager } from 'typeorm';
import type { ProposalOf } from '@jobcenter/events';

export interface PoolSplit {
  resolutionId: string;
  fiscalYear: number;
  decentralShareBasisPoints: number;
  criteria: string;
  adoptedAt: Date;
}

interface PoolSplitRow {
  resolution_id: string;
  fiscal_year: number;
  decentral_share_basis_points: number;
  criteria: string;
  adopted_at: Date;
}

const toSplit = (row: PoolSplitRow): PoolSplit => ({
  resolutionId: row.resolution_id,
  fiscalYear: row.fiscal_year,
  decentralShareBasisPoints: row.decentral_share_basis_points,
  criteria: row.criteria,
  adoptedAt: row.adopted_at,
});

/** The latest adopted split of each year is in force (ties: the larger resolution id). */
const IN_FORCE = `SELECT DISTINCT ON (fiscal_year) * FROM pool_split WHERE fiscal_year = ANY($1::int[])
  ORDER BY fiscal_year, adopted_at DESC, resolution_id DESC`;

/**
 * Which share of the integration funds the Bezirksstellen manage (decentral) and by which
 * criteria, and which the Fachbereich keeps (central) (docs/rules.md#rule-16). A split takes effect only
 * by an adopted POOL_SPLIT resolution of the board; the Fachbereich drafts it as a submission.
 */
export class PoolSplits {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an adopted POOL_SPLIT resolution (from governance.resolution-adopted). */
  static async adopt(
    manager: EntityManager,
    resolutionId: string,
    proposal: ProposalOf<'POOL_SPLIT'>,
    adoptedAt: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO pool_split (resolution_id, fiscal_year, decentral_share_basis_points, criteria, adopted_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (resolution_id) DO NOTHING`,
      [
        resolutionId,
        proposal.fiscalYear,
        proposal.decentralShareBasisPoints,
        proposal.criteria,
        adoptedAt,
      ],
    );
  }

  static async inForce(manager: EntityManager, fiscalYear: number): Promise<PoolSplit | null> {
    const [row] = await manager.query(IN_FORCE, [[fiscalYear]]);
    return row ? toSplit(row) : null;
  }

  async inForceOf(fiscalYears: readonly number[]): Promise<PoolSplit[]> {
    return (await this.dataSource.query(IN_FORCE, [[...fiscalYears]])).map(toSplit);
  }

  async history(fiscalYear: number): Promise<PoolSplit[]> {
    return (
      await this.dataSource.query(
        'SELECT * FROM pool_split WHERE fiscal_year = $1 ORDER BY adopted_at, resolution_id',
        [fiscalYear],
      )
    ).map(toSplit);
  }
}
