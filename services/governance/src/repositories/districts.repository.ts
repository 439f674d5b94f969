import type { EntityManager } from 'typeorm';
import type { SizeGroup } from '../domain/board';

/** The district offices as the districts service published them (`district_copy`). */
export class DistrictsRepository {
  constructor(private readonly manager: EntityManager) {}

  async exists(id: string): Promise<boolean> {
    const [district] = await this.manager.query('SELECT id FROM district_copy WHERE id = $1', [id]);
    return Boolean(district);
  }

  /** The ids of all district offices, in order. */
  async ids(): Promise<string[]> {
    const districts: { id: string }[] = await this.manager.query(
      'SELECT id FROM district_copy ORDER BY id',
    );
    return districts.map((district) => district.id);
  }

  /** Each district's current size group. */
  async sizeGroups(): Promise<Map<string, SizeGroup>> {
    const rows: { id: string; size_group: SizeGroup }[] = await this.manager.query(
      'SELECT id, size_group FROM district_copy',
    );
    return new Map(rows.map((row) => [row.id, row.size_group]));
  }
}
