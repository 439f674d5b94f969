import type { EntityManager } from 'typeorm';
import type { DistrictNeed } from '../domain/allocation';

/**
 * The districts' valid caseload per month as this service keeps it (table `caseload_copy`, the
 * month as its first day); months are answered as `YYYY-MM`.
 */
export class CaseloadCopiesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** How many of these districts have reported caseload of some month. */
  async reportingDistricts(districtIds: readonly string[]): Promise<number> {
    const [row] = await this.manager.query(
      'SELECT count(DISTINCT district_id)::int AS n FROM caseload_copy WHERE district_id = ANY($1)',
      [[...districtIds]],
    );
    return row.n;
  }

  /**
   * The districts' caseload of the latest month that all of them have reported (the highest
   * version of it, kept by the event handler), by district; empty when there is no such month.
   */
  async latestCommonMonth(districtIds: readonly string[]): Promise<DistrictNeed[]> {
    const rows: {
      district_id: string;
      month: string;
      eligible_jobseekers: number;
      eligible_jobseekers_under_25: number;
      long_term_recipients: number;
      benefit_households: number;
    }[] = await this.manager.query(
      `SELECT district_id, to_char(month, 'YYYY-MM') AS month, eligible_jobseekers,
              eligible_jobseekers_under_25, long_term_recipients, benefit_households
         FROM caseload_copy WHERE district_id = ANY($1) AND month = (
         SELECT month FROM caseload_copy WHERE district_id = ANY($1)
         GROUP BY month HAVING count(DISTINCT district_id) = $2 ORDER BY month DESC LIMIT 1)
       ORDER BY district_id`,
      [[...districtIds], districtIds.length],
    );
    return rows.map((row) => ({
      districtId: row.district_id,
      month: row.month,
      eligibleJobseekers: row.eligible_jobseekers,
      eligibleJobseekersUnder25: row.eligible_jobseekers_under_25,
      longTermRecipients: row.long_term_recipients,
      benefitHouseholds: row.benefit_households,
    }));
  }
}
