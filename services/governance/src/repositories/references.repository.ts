import type { EntityManager } from 'typeorm';
import { lockName } from '@jobcenter/db';
import { seriesNumber } from '../domain/references';

/** The yearly number series of submissions (VL-…) and resolutions (B-…). */
export class ReferencesRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Next number of a yearly series such as VL-2026-007, taken under a lock so that two never clash. */
  async next(table: 'submission' | 'resolution', prefix: string, year: number): Promise<string> {
    const column = table === 'submission' ? 'reference' : 'number';
    await lockName(this.manager, `${table}-${year}`);
    const [row] = await this.manager.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${column} LIKE $1`,
      [`${prefix}-${year}-%`],
    );
    return seriesNumber(prefix, year, row.n + 1);
  }
}
