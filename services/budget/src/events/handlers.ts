import { proposalSchemas, type EventHandlers, type Outbox } from '@jobcenter/events';
import { applyAdoption } from '../application/allocations';
import { PoolSplits } from '../application/pool-splits';

/**
 * What the budget service takes from other services' events: the board's POOL_SPLIT and
 * FUNDS_ALLOCATION resolutions (other kinds are ignored) and the valid caseload of each district
 * and month (the highest version wins, never the other way round), which measures need.
 */
export function budgetHandlers(outbox: Outbox): EventHandlers {
  return {
    resolutionAdopted: async (event, manager) => {
      const { kind, proposal, resolutionId, adoptedAt } = event.data;
      if (kind === 'POOL_SPLIT') {
        await PoolSplits.adopt(
          manager,
          resolutionId,
          proposalSchemas.POOL_SPLIT.parse(proposal),
          adoptedAt,
        );
      }
      if (kind === 'FUNDS_ALLOCATION') {
        const { allocationProposalId } = proposalSchemas.FUNDS_ALLOCATION.parse(proposal);
        await applyAdoption(
          manager,
          outbox,
          allocationProposalId,
          resolutionId,
          new Date(adoptedAt),
        );
      }
    },
    caseloadReported: async (event, manager) => {
      const report = event.data;
      await manager.query(
        `INSERT INTO caseload_copy (district_id, month, version, eligible_jobseekers, eligible_jobseekers_under_25, long_term_recipients, benefit_households)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (district_id, month) DO UPDATE
           SET version = $3, eligible_jobseekers = $4, eligible_jobseekers_under_25 = $5, long_term_recipients = $6, benefit_households = $7
           WHERE caseload_copy.version < $3`,
        [
          report.districtId,
          report.month,
          report.version,
          report.eligibleJobseekers,
          report.eligibleJobseekersUnder25,
          report.longTermRecipients,
          report.benefitHouseholds,
        ],
      );
    },
  };
}
