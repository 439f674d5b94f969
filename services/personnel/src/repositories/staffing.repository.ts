import type { EntityManager } from 'typeorm';
import { lockName } from '@jobcenter/db';
import type { MilliFte } from '../domain/fte';
import type { CaseloadBasis, PublishedGap, StaffingKey } from '../domain/staffing';

export interface AdoptedKey extends StaffingKey {
  resolutionNumber: string | null;
  adoptedAt: Date;
}

/** The FTE held in the casework of each district: filled posts of employees employed today. */
export interface HeldFte {
  unitId: string;
  function: string;
  fte: MilliFte;
}

/**
 * The staffing tables: the keys the board adopted, the copy of the districts' caseload and the
 * gap last published per district.
 */
export class StaffingRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Every adopted key, by valid-from day and adoption. */
  async keys(): Promise<AdoptedKey[]> {
    const rows: {
      resolution_id: string;
      resolution_number: string;
      households_per_benefits_post: number;
      jobseekers_per_integration_post: number;
      jobseekers_under25_per_integration_post: number | null;
      valid_from: string;
      adopted_at: Date;
    }[] = await this.manager.query(
      `SELECT resolution_id, resolution_number, households_per_benefits_post, jobseekers_per_integration_post,
              jobseekers_under25_per_integration_post, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, adopted_at
       FROM staffing_key ORDER BY valid_from, adopted_at`,
    );
    return rows.map((row) => ({
      resolutionId: row.resolution_id,
      resolutionNumber: row.resolution_number,
      householdsPerBenefitsPost: row.households_per_benefits_post,
      jobseekersPerIntegrationPost: row.jobseekers_per_integration_post,
      jobseekersUnder25PerIntegrationPost: row.jobseekers_under25_per_integration_post,
      validFrom: row.valid_from,
      adoptedAt: row.adopted_at,
    }));
  }

  /** Stores an adopted key; a key of the same resolution stored before is kept. */
  async insertKey(key: AdoptedKey & { resolutionNumber: string }): Promise<void> {
    await this.manager.query(
      `INSERT INTO staffing_key (resolution_id, resolution_number, households_per_benefits_post, jobseekers_per_integration_post,
         jobseekers_under25_per_integration_post, valid_from, adopted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (resolution_id) DO NOTHING`,
      [
        key.resolutionId,
        key.resolutionNumber,
        key.householdsPerBenefitsPost,
        key.jobseekersPerIntegrationPost,
        key.jobseekersUnder25PerIntegrationPost,
        key.validFrom,
        key.adoptedAt,
      ],
    );
  }

  async districtsWithCaseload(): Promise<string[]> {
    const rows: { district_id: string }[] = await this.manager.query(
      'SELECT DISTINCT district_id FROM caseload_copy ORDER BY district_id',
    );
    return rows.map((row) => row.district_id);
  }

  /** The latest month's caseload of each district that has one, by district. */
  async latestCaseloads(
    districtIds: readonly string[],
  ): Promise<(CaseloadBasis & { districtId: string })[]> {
    const rows: {
      district_id: string;
      month: string;
      benefit_households: number;
      eligible_jobseekers: number;
      eligible_jobseekers_under_25: number;
    }[] = await this.manager.query(
      `SELECT latest.district_id, to_char(latest.month, 'YYYY-MM') AS month, latest.benefit_households,
              latest.eligible_jobseekers, latest.eligible_jobseekers_under_25
         FROM unnest($1::text[]) AS district(id)
         CROSS JOIN LATERAL (SELECT * FROM caseload_copy c WHERE c.district_id = district.id
                              ORDER BY c.month DESC LIMIT 1) AS latest
        ORDER BY latest.district_id`,
      [districtIds],
    );
    return rows.map((row) => ({
      districtId: row.district_id,
      month: row.month,
      benefitHouseholds: row.benefit_households,
      eligibleJobseekers: row.eligible_jobseekers,
      eligibleJobseekersUnder25: row.eligible_jobseekers_under_25,
    }));
  }

  async heldFte(districtIds: readonly string[]): Promise<HeldFte[]> {
    const held: { unit_id: string; function: string; fte: number }[] = await this.manager.query(
      `SELECT post.unit_id, post.function, sum(employee.fte_milli)::int AS fte
       FROM post JOIN employee ON employee.id = post.holder_id
       WHERE post.unit_id = ANY($1) AND post.status = 'FILLED'
         AND post.function IN ('BENEFITS_CASEWORK', 'INTEGRATION_CASEWORK')
         AND employee.start_date <= current_date AND (employee.end_date IS NULL OR employee.end_date >= current_date)
       GROUP BY post.unit_id, post.function`,
      [districtIds],
    );
    return held.map((row) => ({ unitId: row.unit_id, function: row.function, fte: row.fte }));
  }

  /**
   * Serialises the changes of each district's gap until the transaction ends, locking in a fixed
   * order so that two transactions never deadlock.
   */
  async lockDistricts(districtIds: readonly string[]): Promise<void> {
    for (const districtId of [...new Set(districtIds)].sort()) {
      await lockName(this.manager, `staffing-${districtId}`);
    }
  }

  /** The gap last published for each district, locked until the transaction ends. */
  async lockPublishedGaps(
    districtIds: readonly string[],
  ): Promise<(PublishedGap & { districtId: string })[]> {
    const rows: {
      district_id: string;
      caseload_month: string;
      key_resolution_id: string | null;
      benefits_required: number;
      benefits_held: number;
      integration_required: number;
      integration_held: number;
    }[] = await this.manager.query(
      `SELECT district_id, to_char(caseload_month, 'YYYY-MM') AS caseload_month, key_resolution_id, benefits_required,
              benefits_held, integration_required, integration_held
       FROM staffing_gap WHERE district_id = ANY($1) FOR UPDATE`,
      [districtIds],
    );
    return rows.map((row) => ({
      districtId: row.district_id,
      caseloadMonth: row.caseload_month,
      keyResolutionId: row.key_resolution_id,
      benefitsRequired: row.benefits_required,
      benefitsHeld: row.benefits_held,
      integrationRequired: row.integration_required,
      integrationHeld: row.integration_held,
    }));
  }

  /** Records the gap published for a district. */
  async savePublishedGap(
    gap: PublishedGap & { districtId: string; changedAt: Date },
  ): Promise<void> {
    await this.manager.query(
      `INSERT INTO staffing_gap (district_id, caseload_month, key_resolution_id, benefits_required, benefits_held,
         integration_required, integration_held, changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (district_id) DO UPDATE SET caseload_month = $2, key_resolution_id = $3, benefits_required = $4,
         benefits_held = $5, integration_required = $6, integration_held = $7, changed_at = $8`,
      [
        gap.districtId,
        `${gap.caseloadMonth}-01`,
        gap.keyResolutionId,
        gap.benefitsRequired,
        gap.benefitsHeld,
        gap.integrationRequired,
        gap.integrationHeld,
        gap.changedAt,
      ],
    );
  }
}
