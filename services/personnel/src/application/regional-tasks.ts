import type { DataSource, EntityManager } from 'typeorm';
import { CENTRAL_TASKS, CENTRAL_TASK_NAMES } from '../domain/functions';

export interface RegionalTaskRecord {
  id: string;
  name: string;
  origin: 'CENTRAL_TASK' | 'BOARD_RESOLUTION';
  rationale: string | null;
  resolutionId: string | null;
  resolutionNumber: string | null;
  decidedAt: Date | null;
}

/**
 * The tasks the Kreis runs for the whole Jobcenter (docs/rules.md#rule-8): the central tasks of the
 * paper, registered on start, and those the board decides to run regionally (REGIONAL_TASK
 * resolutions).
 */
export class RegionalTasks {
  constructor(private readonly dataSource: DataSource) {}

  async registerCentralTasks(): Promise<void> {
    for (const task of CENTRAL_TASKS.filter((t) => t !== 'REGIONAL_TASK')) {
      await this.dataSource.query(
        `INSERT INTO regional_task (id, name, origin) VALUES ($1, $2, 'CENTRAL_TASK') ON CONFLICT (id) DO NOTHING`,
        [task, CENTRAL_TASK_NAMES[task]],
      );
    }
  }

  async adopt(
    manager: EntityManager,
    task: {
      name: string;
      rationale: string;
      resolutionId: string;
      resolutionNumber: string;
      decidedAt: Date;
    },
  ): Promise<void> {
    await manager.query(
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

  async list(): Promise<RegionalTaskRecord[]> {
    const rows: {
      id: string;
      name: string;
      origin: 'CENTRAL_TASK' | 'BOARD_RESOLUTION';
      rationale: string | null;
      resolution_id: string | null;
      resolution_number: string | null;
      decided_at: Date | null;
    }[] = await this.dataSource.query(
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
