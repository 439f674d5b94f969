import type { DataSource, EntityManager } from 'typeorm';
import type { ProposalOf } from '@jobcenter/events';
import { PoolSplitsRepository, type PoolSplit } from '../repositories/pool-splits.repository';

export type { PoolSplit } from '../repositories/pool-splits.repository';

/**
 * Which share of the integration funds the Bezirksstellen manage (decentral) and by which
 * criteria, and which the Fachbereich keeps (central) (docs/rules.md#rule-16). A split takes effect only
 * by an adopted POOL_SPLIT resolution of the board; the Fachbereich drafts it as a submission.
 */
export class PoolSplits {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an adopted POOL_SPLIT resolution (from governance.resolution-adopted). */
  static adopt(
    manager: EntityManager,
    resolutionId: string,
    proposal: ProposalOf<'POOL_SPLIT'>,
    adoptedAt: string,
  ): Promise<void> {
    return new PoolSplitsRepository(manager).insertAdopted(resolutionId, proposal, adoptedAt);
  }

  inForceOf(fiscalYears: readonly number[]): Promise<PoolSplit[]> {
    return new PoolSplitsRepository(this.dataSource.manager).inForceOf(fiscalYears);
  }

  history(fiscalYear: number): Promise<PoolSplit[]> {
    return new PoolSplitsRepository(this.dataSource.manager).history(fiscalYear);
  }
}
