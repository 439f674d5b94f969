import { lockName } from '@jobcenter/db';
import { copyCaseload, type Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import { toFte } from '../domain/fte';
import {
  gap,
  keyInForce,
  requiredFte,
  type CaseloadBasis,
  type CaseworkGap,
  type StaffingKey,
} from '../domain/staffing';

export interface StaffingRequirementRecord {
  districtId: string;
  caseload: CaseloadBasis;
  /** The key in force: an adopted one (with its resolution's number) or the statutory default. */
  key: AdoptedKey | StaffingKey;
  benefits: CaseworkGap;
  integration: CaseworkGap;
}

export interface AdoptedKey extends StaffingKey {
  resolutionNumber: string | null;
  adoptedAt: Date;
}

const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * The staffing requirement of the Bezirksstellen (docs/rules.md#rule-13): the key in force (from the
 * board's resolutions), the latest caseload of each district (from the districts' events) and the
 * casework posts held. Every change that can move a gap calls `recompute` in its own transaction,
 * which publishes `personnel.staffing-gap-changed.v1` for each district whose figures changed.
 */
export class Staffing {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async keys(manager: EntityManager = this.dataSource.manager): Promise<AdoptedKey[]> {
    const rows: {
      resolution_id: string;
      resolution_number: string;
      households_per_benefits_post: number;
      jobseekers_per_integration_post: number;
      jobseekers_under25_per_integration_post: number | null;
      valid_from: string;
      adopted_at: Date;
    }[] = await manager.query(
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

  async keyInForce(day = today(), manager?: EntityManager): Promise<AdoptedKey | StaffingKey> {
    return keyInForce(await this.keys(manager), day);
  }

  /** Records a staffing key adopted by the board and recomputes every district's gap. */
  async adoptKey(
    manager: EntityManager,
    key: Omit<AdoptedKey, 'resolutionNumber'> & { resolutionNumber: string },
  ): Promise<void> {
    await manager.query(
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
    await this.recompute(manager, await this.districtsWithCaseload(manager));
  }

  /** Keeps the valid (highest) version of a district's monthly caseload and recomputes its gap. */
  async recordCaseload(
    manager: EntityManager,
    report: CaseloadBasis & { districtId: string; version: number },
  ): Promise<void> {
    await this.storeCaseload(manager, report);
    await this.recompute(manager, [report.districtId]);
  }

  /**
   * Keeps the valid (highest) version of a district's monthly caseload; the caller recomputes the
   * district's gap in the same transaction (once for several reports).
   */
  async storeCaseload(
    manager: EntityManager,
    report: CaseloadBasis & { districtId: string; version: number },
  ): Promise<void> {
    await copyCaseload(manager, report, {
      figures: ['benefitHouseholds', 'eligibleJobseekers', 'eligibleJobseekersUnder25'],
      month: 'date',
    });
  }

  private async districtsWithCaseload(manager: EntityManager): Promise<string[]> {
    const rows: { district_id: string }[] = await manager.query(
      'SELECT DISTINCT district_id FROM caseload_copy ORDER BY district_id',
    );
    return rows.map((row) => row.district_id);
  }

  /**
   * The requirement of each district that has reported caseload (others are left out), in three
   * statements whatever the number of districts.
   */
  async requirements(
    districtIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
    day = today(),
  ): Promise<StaffingRequirementRecord[]> {
    if (districtIds.length === 0) return [];
    const key = keyInForce(await this.keys(manager), day);
    const caseloads: {
      district_id: string;
      month: string;
      benefit_households: number;
      eligible_jobseekers: number;
      eligible_jobseekers_under_25: number;
    }[] = await manager.query(
      `SELECT latest.district_id, to_char(latest.month, 'YYYY-MM') AS month, latest.benefit_households,
              latest.eligible_jobseekers, latest.eligible_jobseekers_under_25
         FROM unnest($1::text[]) AS district(id)
         CROSS JOIN LATERAL (SELECT * FROM caseload_copy c WHERE c.district_id = district.id
                              ORDER BY c.month DESC LIMIT 1) AS latest
        ORDER BY latest.district_id`,
      [districtIds],
    );
    const held: { unit_id: string; function: string; fte: number }[] = await manager.query(
      `SELECT post.unit_id, post.function, sum(employee.fte_milli)::int AS fte
       FROM post JOIN employee ON employee.id = post.holder_id
       WHERE post.unit_id = ANY($1) AND post.status = 'FILLED'
         AND post.function IN ('BENEFITS_CASEWORK', 'INTEGRATION_CASEWORK')
         AND employee.start_date <= current_date AND (employee.end_date IS NULL OR employee.end_date >= current_date)
       GROUP BY post.unit_id, post.function`,
      [districtIds],
    );
    const heldOf = (districtId: string, fn: string) =>
      held.find((row) => row.unit_id === districtId && row.function === fn)?.fte ?? 0;
    return caseloads.map((row) => {
      const caseload: CaseloadBasis = {
        month: row.month,
        benefitHouseholds: row.benefit_households,
        eligibleJobseekers: row.eligible_jobseekers,
        eligibleJobseekersUnder25: row.eligible_jobseekers_under_25,
      };
      const required = requiredFte(key, caseload);
      return {
        districtId: row.district_id,
        caseload,
        key,
        benefits: gap(required.benefits, heldOf(row.district_id, 'BENEFITS_CASEWORK')),
        integration: gap(required.integration, heldOf(row.district_id, 'INTEGRATION_CASEWORK')),
      };
    });
  }

  /** Publishes the gap of each district whose figures differ from what was last published. */
  async recompute(manager: EntityManager, districtIds: readonly string[]): Promise<number> {
    // One change at a time per district (in a fixed order, so two transactions never deadlock):
    // the held FTE read below must include every change committed before this one's event.
    for (const districtId of [...new Set(districtIds)].sort()) {
      await lockName(manager, `staffing-${districtId}`);
    }
    const requirements = await this.requirements(districtIds, manager);
    if (requirements.length === 0) return 0;
    const published: {
      district_id: string;
      caseload_month: string;
      key_resolution_id: string | null;
      benefits_required: number;
      benefits_held: number;
      integration_required: number;
      integration_held: number;
    }[] = await manager.query(
      `SELECT district_id, to_char(caseload_month, 'YYYY-MM') AS caseload_month, key_resolution_id, benefits_required,
              benefits_held, integration_required, integration_held
       FROM staffing_gap WHERE district_id = ANY($1) FOR UPDATE`,
      [requirements.map((r) => r.districtId)],
    );
    let changed = 0;
    for (const requirement of requirements) {
      const last = published.find((row) => row.district_id === requirement.districtId);
      const same =
        last &&
        last.caseload_month === requirement.caseload.month &&
        last.key_resolution_id === requirement.key.resolutionId &&
        last.benefits_required === requirement.benefits.requiredFte &&
        last.benefits_held === requirement.benefits.heldFte &&
        last.integration_required === requirement.integration.requiredFte &&
        last.integration_held === requirement.integration.heldFte;
      if (same) continue;
      const changedAt = new Date();
      await manager.query(
        `INSERT INTO staffing_gap (district_id, caseload_month, key_resolution_id, benefits_required, benefits_held,
           integration_required, integration_held, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (district_id) DO UPDATE SET caseload_month = $2, key_resolution_id = $3, benefits_required = $4,
           benefits_held = $5, integration_required = $6, integration_held = $7, changed_at = $8`,
        [
          requirement.districtId,
          `${requirement.caseload.month}-01`,
          requirement.key.resolutionId,
          requirement.benefits.requiredFte,
          requirement.benefits.heldFte,
          requirement.integration.requiredFte,
          requirement.integration.heldFte,
          changedAt,
        ],
      );
      const asFte = (g: CaseworkGap) => ({
        requiredFte: toFte(g.requiredFte),
        heldFte: toFte(g.heldFte),
        gapFte: toFte(g.gapFte),
      });
      await this.outbox.publish(manager, 'staffingGapChanged', requirement.districtId, {
        districtId: requirement.districtId,
        caseloadMonth: requirement.caseload.month,
        staffingKeyResolutionId: requirement.key.resolutionId,
        benefits: asFte(requirement.benefits),
        integration: asFte(requirement.integration),
        changedAt: changedAt.toISOString(),
      });
      changed += 1;
    }
    return changed;
  }
}
