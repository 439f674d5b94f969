import type { EntityManager } from 'typeorm';
import type { AllocationModel } from '../domain/allocation';

/** The allocation model the Fachbereich set per fiscal year (table `allocation_model`). */
export class AllocationModelsRepository {
  constructor(private readonly manager: EntityManager) {}

  async set(fiscalYear: number, model: AllocationModel, setBy: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO allocation_model (fiscal_year, model, set_by, set_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (fiscal_year) DO UPDATE SET model = $2, set_by = $3, set_at = now()`,
      [fiscalYear, JSON.stringify(model), setBy],
    );
  }

  /** The model set for the year; null when none was. */
  async of(fiscalYear: number): Promise<AllocationModel | null> {
    const [row] = await this.manager.query(
      'SELECT model FROM allocation_model WHERE fiscal_year = $1',
      [fiscalYear],
    );
    return row ? (row.model as AllocationModel) : null;
  }
}
