import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Conflict, NotFound, RuleViolation } from '@jobcenter/subgraph-server';
import {
  controlTarget,
  validateTargets,
  type Target,
  type TargetControlling,
} from '../domain/target-agreements';
import type { Benchmark } from '../domain/benchmarking';
import { isUuid, lockName, onlyUuids } from '@jobcenter/db';

export interface TargetAgreementRecord {
  id: string;
  districtId: string;
  year: number;
  houseOfSocialServicesScope: string;
  guideScope: string;
  status: 'DRAFT' | 'CONCLUDED';
  concludedByResolutionId: string | null;
  targets: (Target & { id: string })[];
}

interface AgreementRow {
  id: string;
  district_id: string;
  year: number;
  house_of_social_services_scope: string;
  guide_scope: string;
  status: 'DRAFT' | 'CONCLUDED';
  concluded_by_resolution_id: string | null;
}

/**
 * Annual target agreements (Zielvereinbarungen) between the county and each city, including the
 * scope of the Haus der sozialen Leistungen and the Lotse function; drafted by the Fachbereich,
 * concluded by a resolution of the board (kind TARGET_AGREEMENT).
 */
export class TargetAgreements {
  constructor(private readonly dataSource: DataSource) {}

  async draft(input: {
    districtId: string;
    year: number;
    houseOfSocialServicesScope: string;
    guideScope: string;
    targets: Target[];
  }): Promise<TargetAgreementRecord> {
    validateTargets(input.targets);
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw new RuleViolation('year must be a year', 'year');
    if (input.houseOfSocialServicesScope.trim().length < 3)
      throw new RuleViolation(
        'Name the scope of the Haus der sozialen Leistungen',
        'houseOfSocialServicesScope',
      );
    if (input.guideScope.trim().length < 3)
      throw new RuleViolation('Name the scope of the Lotse function', 'guideScope');
    return this.dataSource.transaction(async (manager) => {
      await lockName(manager, `target-agreement-${input.districtId}-${input.year}`);
      const [district] = await manager.query('SELECT id FROM district_copy WHERE id = $1', [
        input.districtId,
      ]);
      if (!district)
        throw new NotFound(`There is no district office "${input.districtId}"`, 'districtId');
      const [existing] = await manager.query(
        'SELECT id FROM target_agreement WHERE district_id = $1 AND year = $2',
        [input.districtId, input.year],
      );
      if (existing)
        throw new Conflict(
          `${input.districtId} already has a target agreement for ${input.year}`,
          'year',
        );
      const id = randomUUID();
      await manager.query(
        `INSERT INTO target_agreement (id, district_id, year, house_of_social_services_scope, guide_scope, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'DRAFT', now())`,
        [
          id,
          input.districtId,
          input.year,
          input.houseOfSocialServicesScope.trim(),
          input.guideScope.trim(),
        ],
      );
      for (const target of input.targets) {
        await manager.query(
          'INSERT INTO target (id, agreement_id, indicator, target_value) VALUES ($1, $2, $3, $4)',
          [randomUUID(), id, target.indicator, target.targetValue],
        );
      }
      return (await this.load(manager, [id]))[0]!;
    });
  }

  async byIds(ids: readonly string[]): Promise<TargetAgreementRecord[]> {
    return this.load(this.dataSource.manager, onlyUuids(ids));
  }

  async ofDistricts(
    districtIds: readonly string[],
    year: number | null,
  ): Promise<TargetAgreementRecord[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM target_agreement WHERE district_id = ANY($1) AND ($2::int IS NULL OR year = $2) ORDER BY district_id, year',
      [[...districtIds], year],
    );
    return this.load(
      this.dataSource.manager,
      rows.map((row) => row.id),
    );
  }

  /** Controlling of each target: the latest month of the agreement's year with a benchmark figure. */
  /** The latest month with caseload of each `districtId|year` asked for (one statement for all). */
  async latestMonths(keys: readonly string[]): Promise<(string | null)[]> {
    const wellFormed = keys
      .map((key) => key.split('|'))
      .filter(
        (parts): parts is [string, string] => parts.length === 2 && /^\d{4}$/.test(parts[1]!),
      );
    const rows: { key: string; month: string }[] = await this.dataSource.query(
      `SELECT k.district_id || '|' || k.year AS key,
              (SELECT to_char(c.month, 'YYYY-MM') FROM caseload_copy c
                WHERE c.district_id = k.district_id
                  AND c.month >= make_date(k.year, 1, 1) AND c.month < make_date(k.year + 1, 1, 1)
                ORDER BY c.month DESC LIMIT 1) AS month
         FROM unnest($1::text[], $2::int[]) AS k(district_id, year)`,
      [wellFormed.map(([districtId]) => districtId), wellFormed.map(([, year]) => Number(year))],
    );
    const byKey = new Map(rows.map((row) => [row.key, row.month]));
    return keys.map((key) => byKey.get(key) ?? null);
  }

  /** Each target with its controlling against the benchmark of `latestMonth` (the year's latest figures). */
  controlling(
    agreement: TargetAgreementRecord,
    latestMonth: string | null,
    benchmark: Benchmark | null,
  ): (TargetAgreementRecord['targets'][number] & TargetControlling)[] {
    const own =
      benchmark?.districts.find((entry) => entry.districtId === agreement.districtId) ?? null;
    return agreement.targets.map((target) => ({
      ...target,
      ...controlTarget(target, own && latestMonth ? { month: latestMonth, benchmark: own } : null),
    }));
  }

  private async load(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<TargetAgreementRecord[]> {
    if (ids.length === 0) return [];
    const rows: AgreementRow[] = await manager.query(
      'SELECT * FROM target_agreement WHERE id = ANY($1::uuid[]) ORDER BY district_id, year',
      [[...ids]],
    );
    const targets: {
      id: string;
      agreement_id: string;
      indicator: Target['indicator'];
      target_value: string;
    }[] = await manager.query(
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

/** Concludes the agreement a TARGET_AGREEMENT resolution names (in that resolution's transaction). */
export async function concludeTargetAgreement(
  manager: EntityManager,
  targetAgreementId: string,
  resolutionId: string,
): Promise<void> {
  const [row] = isUuid(targetAgreementId)
    ? await manager.query('SELECT status FROM target_agreement WHERE id = $1 FOR UPDATE', [
        targetAgreementId,
      ])
    : [];
  if (!row)
    throw new NotFound(
      `The resolution names target agreement ${targetAgreementId}, which does not exist`,
      'proposal.targetAgreementId',
    );
  if (row.status === 'CONCLUDED')
    throw new Conflict('This target agreement is already concluded', 'proposal.targetAgreementId');
  await manager.query(
    `UPDATE target_agreement SET status = 'CONCLUDED', concluded_by_resolution_id = $2 WHERE id = $1`,
    [targetAgreementId, resolutionId],
  );
}
