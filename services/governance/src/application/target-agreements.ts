import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { Conflict, NotFound } from '@jobcenter/subgraph-server';
import { onlyUuids } from '@jobcenter/db';
import {
  controlAgreement,
  requireConcludable,
  validateDraft,
  type TargetAgreementDraft,
  type TargetControlling,
} from '../domain/target-agreements';
import type { Benchmark } from '../domain/benchmarking';
import { CaseloadRepository } from '../repositories/caseload.repository';
import { DistrictsRepository } from '../repositories/districts.repository';
import {
  TargetAgreementsRepository,
  type TargetAgreementRecord,
} from '../repositories/target-agreements.repository';

export type { TargetAgreementRecord };

/**
 * Annual target agreements (Zielvereinbarungen) between the county and each city, including the
 * scope of the Haus der sozialen Leistungen and the Lotse function; drafted by the Fachbereich,
 * concluded by a resolution of the board (kind TARGET_AGREEMENT).
 */
export class TargetAgreements {
  constructor(private readonly dataSource: DataSource) {}

  async draft(input: TargetAgreementDraft): Promise<TargetAgreementRecord> {
    validateDraft(input);
    return this.dataSource.transaction(async (manager) => {
      const agreements = new TargetAgreementsRepository(manager);
      await agreements.lockDistrictYear(input.districtId, input.year);
      if (!(await new DistrictsRepository(manager).exists(input.districtId)))
        throw new NotFound(`There is no district office "${input.districtId}"`, 'districtId');
      if (await agreements.idOf(input.districtId, input.year))
        throw new Conflict(
          `${input.districtId} already has a target agreement for ${input.year}`,
          'year',
        );
      const id = randomUUID();
      await agreements.insertDraft({
        id,
        districtId: input.districtId,
        year: input.year,
        houseOfSocialServicesScope: input.houseOfSocialServicesScope.trim(),
        guideScope: input.guideScope.trim(),
        targets: input.targets,
      });
      return (await agreements.byIds([id]))[0]!;
    });
  }

  byIds(ids: readonly string[]): Promise<TargetAgreementRecord[]> {
    return new TargetAgreementsRepository(this.dataSource.manager).byIds(onlyUuids(ids));
  }

  async ofDistricts(
    districtIds: readonly string[],
    year: number | null,
  ): Promise<TargetAgreementRecord[]> {
    const agreements = new TargetAgreementsRepository(this.dataSource.manager);
    return agreements.byIds(await agreements.idsOfDistricts(districtIds, year));
  }

  /** The agreements of every district office of `cities` (all of them for null), of a year or all years. */
  async ofCities(
    cities: readonly string[] | null,
    year: number | null,
  ): Promise<TargetAgreementRecord[]> {
    const districts = await new DistrictsRepository(this.dataSource.manager).ids();
    return this.ofDistricts(
      districts.filter((id) => cities === null || cities.includes(id)),
      year,
    );
  }

  /** The latest month with caseload of each `districtId|year` asked for (one statement for all). */
  latestMonths(keys: readonly string[]): Promise<(string | null)[]> {
    return new CaseloadRepository(this.dataSource.manager).latestMonthsOf(keys);
  }

  /** Each target with its controlling against the benchmark of `latestMonth` (the year's latest figures). */
  controlling(
    agreement: TargetAgreementRecord,
    latestMonth: string | null,
    benchmark: Benchmark | null,
  ): (TargetAgreementRecord['targets'][number] & TargetControlling)[] {
    const controlled = controlAgreement(agreement, latestMonth, benchmark);
    return agreement.targets.map((target, index) => ({ ...target, ...controlled[index]! }));
  }
}

/** Concludes the agreement a TARGET_AGREEMENT resolution names (in that resolution's transaction). */
export async function concludeTargetAgreement(
  manager: EntityManager,
  targetAgreementId: string,
  resolutionId: string,
): Promise<void> {
  const agreements = new TargetAgreementsRepository(manager);
  requireConcludable(targetAgreementId, await agreements.lockStatus(targetAgreementId));
  await agreements.conclude(targetAgreementId, resolutionId);
}
