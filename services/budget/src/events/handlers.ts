import { copyCaseload, proposalSchemas, type EventHandlers, type Outbox } from '@jobcenter/events';
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
      await copyCaseload(manager, event.data, {
        figures: [
          'eligibleJobseekers',
          'eligibleJobseekersUnder25',
          'longTermRecipients',
          'benefitHouseholds',
        ],
      });
    },
  };
}
