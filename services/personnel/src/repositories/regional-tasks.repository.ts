import type { EntityManager } from 'typeorm';

export interface RegionalTaskRecord {
  id: string;
  name: string;
  origin: 'CENTRAL_TASK' | 'BOARD_RESOLUTION';
  rationale: string | null;
  resolutionId: string | null;
  resolutionNumber: string | null;
  decidedAt: Date | null;
}

/** The tasks the Kreis runs for the whole Jobcenter. */
export class RegionalTasksRepository {
  constructor(private readonly manager: EntityManager) {}

  /** A central task of the paper; one registered before is kept. */
  async insertCentralTask(id: string, name: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO regional_task (id, name, origin) VALUES ($1, $2, 'CENTRAL_TASK') ON CONFLICT (id) DO NOTHING`,
      [id, name],
    );
  }

  /** A task the board made regional; one of the same resolution stored before is kept. */
  async insertByResolution(task: {
    name: string;
    rationale: string;
    resolutionId: string;
    resolutionNumber: string;
    decidedAt: Date;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO regional_task (id, name, origin, rationale, resolution_id, resolution_number, decided_at)
       VALUES ($1, $2, 'BOARD_RESOLUTION', $3, $4, $5, $6) ON CONFLICT (resolution_id) DO NOTHING`,
      [
        `resolution-${task.resolutionId}`,
        task.name,
        task.rationale,
        task.resolutionId,
        task.resolutionNumber,
        task.decidedAt,
      ],
    );
  }

  /** The central tasks, then the board's by date of decision. */
  async all(): Promise<RegionalTaskRecord[]> {
    const rows: {
      id: string;
      name: string;
      origin: 'CENTRAL_TASK' | 'BOARD_RESOLUTION';
      rationale: string | null;
      resolution_id: string | null;
      resolution_number: string | null;
      decided_at: Date | null;
    }[] = await this.manager.query(
      `SELECT * FROM regional_task ORDER BY origin, decided_at NULLS FIRST, name`,
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      origin: row.origin,
      rationale: row.rationale,
      resolutionId: row.resolution_id,
      resolutionNumber: row.resolution_number,
      decidedAt: row.decided_at,
    }));
  }
}
