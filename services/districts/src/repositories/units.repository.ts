import { In, type EntityManager } from 'typeorm';
import { JobcenterUnitEntity } from '../entities';

/** Reads and writes district offices and the Fachbereich. */
export class UnitsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** All units: district offices by id, then the Fachbereich. */
  all(): Promise<JobcenterUnitEntity[]> {
    return this.manager
      .getRepository(JobcenterUnitEntity)
      .find({ order: { kind: 'DESC', id: 'ASC' } });
  }

  districts(): Promise<JobcenterUnitEntity[]> {
    return this.manager
      .getRepository(JobcenterUnitEntity)
      .find({ where: { kind: 'DISTRICT_OFFICE' }, order: { id: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<JobcenterUnitEntity[]> {
    return this.manager.getRepository(JobcenterUnitEntity).findBy({ id: In([...ids]) });
  }

  /** The district row, locked until the transaction ends (serialises reports of one district). */
  lockDistrict(id: string): Promise<JobcenterUnitEntity | null> {
    return this.manager
      .getRepository(JobcenterUnitEntity)
      .createQueryBuilder('unit')
      .setLock('pessimistic_write')
      .where('unit.id = :id AND unit.kind = :kind', { id, kind: 'DISTRICT_OFFICE' })
      .getOne();
  }

  save(unit: JobcenterUnitEntity): Promise<JobcenterUnitEntity> {
    return this.manager.getRepository(JobcenterUnitEntity).save(unit);
  }
}
