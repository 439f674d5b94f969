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

  /** The ids of those of `ids` that have arrived. */
  async arrived(ids: readonly string[]): Promise<string[]> {
    const districts: { id: string }[] = await this.manager.query(
      'SELECT id FROM district_copy WHERE id = ANY($1)',
      [ids],
    );
    return districts.map((district) => district.id);
  }

  async nameOf(id: string): Promise<string | null> {
    const [district] = await this.manager.query('SELECT name FROM district_copy WHERE id = $1', [
      id,
    ]);
    return district?.name ?? null;
  }

  /**
   * Keeps a district's latest published state: an older change than the one kept is ignored.
   * Whether the district is new here.
   */
  async copy(district: {
    districtId: string;
    name: string;
    city: string;
    sizeGroup: SizeGroup;
    changedAt: string;
  }): Promise<boolean> {
    const { districtId, name, city, sizeGroup, changedAt } = district;
    const changed: { inserted: boolean }[] = await this.manager.query(
      `INSERT INTO district_copy (id, name, city, size_group, changed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = $2, city = $3, size_group = $4, changed_at = $5
       WHERE district_copy.changed_at <= $5
       RETURNING (xmax = 0) AS inserted`,
      [districtId, name, city, sizeGroup, changedAt],
    );
    return changed[0]?.inserted ?? false;
  }

  /** Each district's current size group. */
  async sizeGroups(): Promise<Map<string, SizeGroup>> {
    const rows: { id: string; size_group: SizeGroup }[] = await this.manager.query(
      'SELECT id, size_group FROM district_copy',
    );
    return new Map(rows.map((row) => [row.id, row.size_group]));
  }
}
