import type { EventHandlers } from '@jobcenter/events';

/**
 * What governance keeps of other services' events: each district's size group (for the board's
 * composition) and the valid caseload of each district and month (for benchmarking and
 * controlling). A correction replaces an earlier version, never the other way round.
 */
export const governanceHandlers: EventHandlers = {
  districtChanged: async (event, manager) => {
    const { districtId, name, city, sizeGroup, changedAt } = event.data;
    await manager.query(
      `INSERT INTO district_copy (id, name, city, size_group, changed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = $2, city = $3, size_group = $4, changed_at = $5
       WHERE district_copy.changed_at <= $5`,
      [districtId, name, city, sizeGroup, changedAt],
    );
  },
  caseloadReported: async (event, manager) => {
    const report = event.data;
    await manager.query(
      `INSERT INTO caseload_copy (district_id, month, version, eligible_jobseekers, long_term_recipients, integrations, subsistence_benefits_cents)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (district_id, month) DO UPDATE
         SET version = $3, eligible_jobseekers = $4, long_term_recipients = $5, integrations = $6, subsistence_benefits_cents = $7
         WHERE caseload_copy.version < $3`,
      [
        report.districtId,
        `${report.month}-01`,
        report.version,
        report.eligibleJobseekers,
        report.longTermRecipients,
        report.integrations,
        report.subsistenceBenefitsCents,
      ],
    );
  },
};
