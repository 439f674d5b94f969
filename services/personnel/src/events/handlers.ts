import { proposalSchemas, type EventHandlers } from '@jobcenter/events';
import type { PersonnelServices } from '../application';

/**
 * What personnel does with other services' events:
 * - `districts.caseload-reported`: keeps the valid caseload per district and month and
 *   recomputes that district's staffing gap (once per batch of events, for each district in it);
 * - `governance.resolution-adopted`: a STAFFING_KEY resolution sets the key (all gaps recomputed),
 *   a LEADERSHIP_CONSULTATION completes its appointment, a REGIONAL_TASK adds a regional task.
 * Each runs in the consumer's transaction with the record of the applied event id.
 */
export function personnelHandlers(services: PersonnelServices): EventHandlers {
  return {
    caseloadReported: async (event, manager, batch) => {
      const report = event.data;
      await services.staffing.storeCaseload(manager, {
        districtId: report.districtId,
        month: report.month,
        version: report.version,
        benefitHouseholds: report.benefitHouseholds,
        eligibleJobseekers: report.eligibleJobseekers,
        eligibleJobseekersUnder25: report.eligibleJobseekersUnder25,
      });
      // The gaps of the batch's districts are recomputed once, after all its reports.
      batch
        .beforeCommit(
          'staffing-gaps',
          () => new Set<string>(),
          async (districts, inner) => {
            await services.staffing.recompute(inner, [...districts]);
          },
        )
        .add(report.districtId);
    },
    resolutionAdopted: async (event, manager) => {
      const resolution = event.data;
      const adoptedAt = new Date(resolution.adoptedAt);
      switch (resolution.kind) {
        case 'STAFFING_KEY': {
          const key = proposalSchemas.STAFFING_KEY.parse(resolution.proposal);
          await services.staffing.adoptKey(manager, {
            ...key,
            resolutionId: resolution.resolutionId,
            resolutionNumber: resolution.number,
            adoptedAt,
          });
          return;
        }
        case 'LEADERSHIP_CONSULTATION': {
          const proposal = proposalSchemas.LEADERSHIP_CONSULTATION.parse(resolution.proposal);
          await services.appointments.complete(manager, proposal.appointmentId, {
            id: resolution.resolutionId,
            number: resolution.number,
            adoptedAt,
            position: proposal.position,
            districtId: proposal.districtId,
          });
          return;
        }
        case 'REGIONAL_TASK': {
          const proposal = proposalSchemas.REGIONAL_TASK.parse(resolution.proposal);
          await services.regionalTasks.adopt(manager, {
            name: proposal.task,
            rationale: proposal.rationale,
            resolutionId: resolution.resolutionId,
            resolutionNumber: resolution.number,
            decidedAt: adoptedAt,
          });
          return;
        }
        default:
          return;
      }
    },
  };
}
