import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isUuid, lockName } from '@jobcenter/db';
import type { Target } from '../domain/target-agreements';

export type TargetAgreementStatus = 'DRAFT' | 'CONCLUDED';

export interface TargetAgreementRecord {
  id: string;
  districtId: string;
  year: number;
  houseOfSocialServicesScope: string;
  guideScope: string;
  status: TargetAgreementStatus;
  concludedByResolutionId: string | null;
  targets: (Target & { id: string })[];
}

interface AgreementRow {
  id: string;
  district_id: string;
  year: number;
  house_of_social_services_scope: string;
  guide_scope: string;
  status: TargetAgreementStatus;
  concluded_by_resolution_id: string | null;
}

interface TargetRow {
  id: string;
  agreement_id: string;
  indicator: Target['indicator'];
  target_value: string;
}

/** Target agreements (`target_agreement`) with their targets (`target`). */
export class TargetAgreementsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Serialises drafts for one district and year until the transaction ends. */
  lockDistrictYear(districtId: string, year: number): Promise<void> {
    return lockName(this.manager, `target-agreement-${districtId}-${year}`);
  }

  /** The id of the district's agreement for the year, if any. */
  async idOf(districtId: string, year: number): Promise<string | null> {
    const [existing] = await this.manager.query(
      'SELECT id FROM target_agreement WHERE district_id = $1 AND year = $2',
      [districtId, year],
    );
    return existing?.id ?? null;
  }

  /** The agreement's status, its row locked until the transaction ends; null when there is none. */
  async lockStatus(id: string): Promise<TargetAgreementStatus | null> {
    const [row] = isUuid(id)
      ? await this.manager.query('SELECT status FROM target_agreement WHERE id = $1 FOR UPDATE', [
          id,
        ])
      : [];
    return row?.status ?? null;
  }

  /** A new draft with its targets. */
  async insertDraft(agreement: {
    id: string;
    districtId: string;
    year: number;
    houseOfSocialServicesScope: string;
    guideScope: string;
    targets: readonly Target[];
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO target_agreement (id, district_id, year, house_of_social_services_scope, guide_scope, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'DRAFT', now())`,
      [
        agreement.id,
        agreement.districtId,
        agreement.year,
        agreement.houseOfSocialServicesScope,
        agreement.guideScope,
      ],
    );
    for (const target of agreement.targets) {
      await this.manager.query(
        'INSERT INTO target (id, agreement_id, indicator, target_value) VALUES ($1, $2, $3, $4)',
        [randomUUID(), agreement.id, target.indicator, target.targetValue],
      );
    }
  }

  async conclude(id: string, resolutionId: string): Promise<void> {
    await this.manager.query(
      `UPDATE target_agreement SET status = 'CONCLUDED', concluded_by_resolution_id = $2 WHERE id = $1`,
      [id, resolutionId],
    );
  }

  /** The ids of the districts' agreements, of one year or all, by district and year. */
  async idsOfDistricts(districtIds: readonly string[], year: number | null): Promise<string[]> {
    const rows: { id: string }[] = await this.manager.query(
      'SELECT id FROM target_agreement WHERE district_id = ANY($1) AND ($2::int IS NULL OR year = $2) ORDER BY district_id, year',
      [[...districtIds], year],
    );
    return rows.map((row) => row.id);
  }

  /** The agreements with their targets, by district and year. */
  async byIds(ids: readonly string[]): Promise<TargetAgreementRecord[]> {
    if (ids.length === 0) return [];
    const rows: AgreementRow[] = await this.manager.query(
      'SELECT * FROM target_agreement WHERE id = ANY($1::uuid[]) ORDER BY district_id, year',
      [[...ids]],
    );
    const targets: TargetRow[] = await this.manager.query(
      'SELECT * FROM target WHERE agreement_id = ANY($1::uuid[]) ORDER BY indicator',
      [[...ids]],
    );
    return rows.map((row) => ({
      id: row.id,
      districtId: row.district_id,
      year: row.year,
      houseOfSocialServicesScope: row.house_of_social_services_scope,
      guideScope: row.guide_scope,
      status: row.status,
      concludedByResolutionId: row.concluded_by_resolution_id,
      targets: targets
        .filter((target) => target.agreement_id === row.id)
        .map((target) => ({
          id: target.id,
          indicator: target.indicator,
          targetValue: Number(target.target_value),
        })),
    }));
  }
}
