import type { DataSource } from 'typeorm';
import type { Outbox } from '@jobcenter/events';
import { NotFound, RuleViolation } from '@jobcenter/subgraph-server';
import type { SizeGroup, UnitRegistration } from '../domain/units';
import { type Ownership, requireOwned } from '../domain/ownership';
import { JobcenterUnitEntity } from '../entities';
import { districtChanged } from '../events/published-events';
import { UnitsRepository } from '../repositories/units.repository';

const SIZE_GROUPS: SizeGroup[] = ['SMALL', 'MEDIUM', 'LARGE'];

/** The master data of the district offices and the Fachbereich. */
export class UnitRegistry {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly ownership: Ownership,
  ) {}

  /**
   * Registers the units that are missing (first start); existing ones are left as they are, since
   * the board may have changed them. Each new district office is announced on its topic.
   */
  async registerMissing(units: UnitRegistration[]): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      const repository = new UnitsRepository(manager);
      const existing = new Set(
        (await repository.byIds(units.map((unit) => unit.id))).map((unit) => unit.id),
      );
      const added: string[] = [];
      for (const registration of units.filter((unit) => !existing.has(unit.id))) {
        const unit = await repository.save(
          Object.assign(new JobcenterUnitEntity(), {
            id: registration.id,
            kind: registration.kind,
            name: registration.name,
            city: registration.city,
            sizeGroup: registration.sizeGroup,
            ...registration.address,
            updatedAt: new Date(),
          }),
        );
        if (unit.kind === 'DISTRICT_OFFICE')
          await this.outbox.publish(manager, 'districtChanged', unit.id, districtChanged(unit));
        added.push(unit.id);
      }
      return added;
    });
  }

  async changeSizeGroup(districtId: string, sizeGroup: SizeGroup): Promise<JobcenterUnitEntity> {
    if (!SIZE_GROUPS.includes(sizeGroup)) {
      throw new RuleViolation(`sizeGroup must be one of ${SIZE_GROUPS.join(', ')}`, 'sizeGroup');
    }
    requireOwned(this.ownership, districtId);
    return this.dataSource.transaction(async (manager) => {
      const repository = new UnitsRepository(manager);
      const district = await repository.lockDistrict(districtId);
      if (!district)
        throw new NotFound(`There is no district office "${districtId}"`, 'districtId');
      if (district.sizeGroup === sizeGroup) return district;
      district.sizeGroup = sizeGroup;
      district.updatedAt = new Date();
      await repository.save(district);
      await this.outbox.publish(manager, 'districtChanged', district.id, districtChanged(district));
      return district;
    });
  }
}
