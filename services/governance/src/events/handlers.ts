import { CITY_NAMES, type CityId } from '@jobcenter/auth';
import { copyCaseload, type EventBatch, type EventHandlers } from '@jobcenter/events';
import type { GovernanceServices } from '../application';
import { refreshAllBenchmarks, refreshBenchmarksAfterReports } from '../application/benchmarking';
import { DistrictsRepository } from '../repositories/districts.repository';

/** The post's title; a district office's name follows ("Leitung der Bezirksstelle Datteln"). */
const POSITION_TITLE = {
  HEAD_OF_DEPARTMENT: 'Leitung des Fachbereichs Jobcenter',
  HEAD_OF_DISTRICT_OFFICE: 'Leitung der',
} as const;

/**
 * The benchmarks the events of a batch change, recomputed once before the batch commits: every
 * month when a district joined, else the months reported and the 12 after each.
 */
const benchmarksToRefresh = (batch: EventBatch) =>
  batch.beforeCommit(
    'benchmarks',
    () => ({ all: false, months: new Set<string>() }),
    (changed, manager) =>
      changed.all
        ? refreshAllBenchmarks(manager)
        : refreshBenchmarksAfterReports(manager, changed.months),
  );

/**
 * What governance keeps of other services' events, and what it makes of them:
 * - each district's size group (for the board's composition) and the valid caseload of each
 *   district and month (for benchmarking and controlling); a correction replaces an earlier
 *   version, never the other way round;
 * - a leadership appointment proposed by personnel becomes a LEADERSHIP_CONSULTATION submission
 *   (docs/rules.md#rule-12); its adopted resolution completes the appointment in personnel;
 * - a report of the transfer group becomes a submission to the board (docs/rules.md#rule-10).
 * Both are personnel matters: their submissions are not public (docs/oparl.md).
 * The consumer runs each in one transaction with the record of the event id, so a redelivered
 * event creates no second submission.
 */
export function governanceHandlers(services: GovernanceServices): EventHandlers {
  return {
    districtChanged: async (event, manager, batch) => {
      // A new district joins every month's comparison.
      if (await new DistrictsRepository(manager).copy(event.data))
        benchmarksToRefresh(batch).all = true;
    },
    caseloadReported: async (event, manager, batch) => {
      const applied = await copyCaseload(manager, event.data, {
        figures: [
          'eligibleJobseekers',
          'longTermRecipients',
          'integrations',
          'subsistenceBenefitsCents',
        ],
      });
      if (applied) benchmarksToRefresh(batch).months.add(event.data.month);
    },
    appointmentProposed: async (event, manager) => {
      const proposal = event.data;
      const name = proposal.districtId
        ? await new DistrictsRepository(manager).nameOf(proposal.districtId)
        : null;
      const where = proposal.districtId
        ? ` ${name ?? `Bezirksstelle ${CITY_NAMES[proposal.districtId as CityId] ?? proposal.districtId}`}`
        : '';
      await services.submissions.createIn(
        manager,
        {
          title: `Benehmen: ${POSITION_TITLE[proposal.position]}${where}`,
          text:
            `Der Personalbereich schlägt eine Besetzung der ${POSITION_TITLE[proposal.position]}${where} vor ` +
            `(Bestellung ${proposal.appointmentId}; die Person steht in der Übersicht der Bestellungen). ` +
            'Die Bestellung erfolgt im Benehmen mit dem Vorstand; sie wird mit dem Beschluss zu dieser Vorlage abgeschlossen.',
          authorUnit: 'Personal',
          kind: 'LEADERSHIP_CONSULTATION',
          proposal: {
            appointmentId: proposal.appointmentId,
            position: proposal.position,
            districtId: proposal.districtId,
          },
        },
        event.source,
      );
    },
    transferGroupReportSubmitted: async (event, manager) => {
      const report = event.data;
      await services.submissions.createIn(
        manager,
        {
          title: `Bericht der Überleitungsgruppe: ${report.title}`,
          text: `${report.text}\n\n(${report.transferCount} Überleitungen erfasst.)`,
          authorUnit: 'Überleitungsgruppe',
          kind: 'GENERAL',
          proposal: null,
          // Transfers name staff: a personnel matter, never public.
          public: false,
        },
        event.source,
      );
    },
  };
}
