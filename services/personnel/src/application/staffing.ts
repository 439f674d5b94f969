import { copyCaseload, type Outbox } from '@jobcenter/events';
import type { DataSource, EntityManager } from 'typeorm';
import { toFte } from '../domain/fte';
import {
  districtRequirement,
  gapChanged,
  keyInForce,
  type CaseloadBasis,
  type CaseworkGap,
  type DistrictRequirement,
  type StaffingKey,
} from '../domain/staffing';
import { StaffingRepository, type AdoptedKey } from '../repositories/staffing.repository';

export type { AdoptedKey } from '../repositories/staffing.repository';

export interface StaffingRequirementRecord extends DistrictRequirement<AdoptedKey | StaffingKey> {
  districtId: string;
  /** The key in force: an adopted one (with its resolution's number) or the statutory default. */
  key: AdoptedKey | StaffingKey;
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

  keys(manager: EntityManager = this.dataSource.manager): Promise<AdoptedKey[]> {
    return new StaffingRepository(manager).keys();
  }

  async keyInForce(day = today(), manager?: EntityManager): Promise<AdoptedKey | StaffingKey> {
    return keyInForce(await this.keys(manager), day);
  }

  /** Records a staffing key adopted by the board and recomputes every district's gap. */
  async adoptKey(
    manager: EntityManager,
    key: Omit<AdoptedKey, 'resolutionNumber'> & { resolutionNumber: string },
  ): Promise<void> {
    const staffing = new StaffingRepository(manager);
    await staffing.insertKey(key);
    await this.recompute(manager, await staffing.districtsWithCaseload());
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
    });
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
    const staffing = new StaffingRepository(manager);
    const key = keyInForce(await staffing.keys(), day);
    const caseloads = await staffing.latestCaseloads(districtIds);
    const held = await staffing.heldFte(districtIds);
    const heldOf = (districtId: string, fn: string) =>
      held.find((row) => row.unitId === districtId && row.function === fn)?.fte ?? 0;
    return caseloads.map(({ districtId, ...caseload }) => ({
      districtId,
      ...districtRequirement(key, caseload, {
        benefits: heldOf(districtId, 'BENEFITS_CASEWORK'),
        integration: heldOf(districtId, 'INTEGRATION_CASEWORK'),
      }),
    }));
  }

  /** Publishes the gap of each district whose figures differ from what was last published. */
  async recompute(manager: EntityManager, districtIds: readonly string[]): Promise<number> {
    const staffing = new StaffingRepository(manager);
    // One change at a time per district: the held FTE read below must include every change
    // committed before this one's event.
    await staffing.lockDistricts(districtIds);
    const requirements = await this.requirements(districtIds, manager);
    if (requirements.length === 0) return 0;
    const published = await staffing.lockPublishedGaps(requirements.map((r) => r.districtId));
    let changed = 0;
    for (const requirement of requirements) {
      const last = published.find((gap) => gap.districtId === requirement.districtId);
      if (!gapChanged(last, requirement)) continue;
      const changedAt = new Date();
      await staffing.savePublishedGap({
        districtId: requirement.districtId,
        caseloadMonth: requirement.caseload.month,
        keyResolutionId: requirement.key.resolutionId,
        benefitsRequired: requirement.benefits.requiredFte,
        benefitsHeld: requirement.benefits.heldFte,
        integrationRequired: requirement.integration.requiredFte,
        integrationHeld: requirement.integration.heldFte,
        changedAt,
      });
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
