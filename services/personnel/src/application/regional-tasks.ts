import type { DataSource, EntityManager } from 'typeorm';
import { CENTRAL_TASKS, CENTRAL_TASK_NAMES } from '../domain/functions';
import {
  RegionalTasksRepository,
  type RegionalTaskRecord,
} from '../repositories/regional-tasks.repository';

export type { RegionalTaskRecord } from '../repositories/regional-tasks.repository';

/**
 * The tasks the Kreis runs for the whole Jobcenter (docs/rules.md#rule-8): the central tasks of the
 * paper, registered on start, and those the board decides to run regionally (REGIONAL_TASK
 * resolutions).
 */
export class RegionalTasks {
  constructor(private readonly dataSource: DataSource) {}

  async registerCentralTasks(): Promise<void> {
    const tasks = new RegionalTasksRepository(this.dataSource.manager);
    for (const task of CENTRAL_TASKS.filter((t) => t !== 'REGIONAL_TASK')) {
      await tasks.insertCentralTask(task, CENTRAL_TASK_NAMES[task]);
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
    await new RegionalTasksRepository(manager).insertByResolution(task);
  }

  list(): Promise<RegionalTaskRecord[]> {
    return new RegionalTasksRepository(this.dataSource.manager).all();
  }
}
