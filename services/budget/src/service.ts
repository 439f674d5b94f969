import type { Logger } from '@jobcenter/logger';
import { runSubgraphService } from '@jobcenter/subgraph-server';
import { Outbox, type OutboxRelay } from '@jobcenter/events';
import type { DataSource } from 'typeorm';
import type { BudgetServices } from './application';
import { Allocations } from './application/allocations';
import { Budgets } from './application/budgets';
import { PoolSplits } from './application/pool-splits';
import { Reports } from './application/reports';
import { Spending } from './application/spending';
import type { BudgetConfig } from './config';
import type { BudgetContext } from './context';
import { seedDemoBudget } from './demo-data';
import { budgetHandlers } from './events/handlers';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { reportDownload } from './report-download';
import { createSchema } from './schema';

export const SERVICE_NAME = 'budget';

export interface BudgetService extends BudgetServices {
  url: string;
  dataSource: DataSource;
  relay: OutboxRelay;
  stop: () => Promise<void>;
}

/**
 * Starts the budget subgraph: migrates, consumes the board's resolutions and the districts'
 * caseload, starts the outbox relay and serves GraphQL.
 */
export async function startBudgetService(
  config: BudgetConfig,
  logger: Logger,
): Promise<BudgetService> {
  let stopping = false;
  // The handlers publish (an adopted allocation) through an outbox of the same source as the runtime's.
  const outbox = new Outbox(`/jobcenter/${SERVICE_NAME}`);
  const running = await runSubgraphService<BudgetServices, BudgetContext>({
    name: SERVICE_NAME,
    config,
    logger,
    migrations,
    handlers: budgetHandlers(outbox),
    build: ({ dataSource, outbox }) => {
      const budgets = new Budgets(dataSource);
      return {
        budgets,
        poolSplits: new PoolSplits(dataSource),
        allocations: new Allocations(dataSource, outbox),
        spending: new Spending(dataSource, outbox),
        reports: new Reports(dataSource, budgets),
      };
    },
    // The proposal needs the board's pool split and the districts' caseload, which arrive as events.
    seed: config.SEED_DEMO_DATA
      ? (services, { dataSource }) =>
          seedDemoBudget(services, dataSource, logger, { stopped: () => stopping })
      : undefined,
    schema: () => createSchema(),
    routes: reportDownload,
    context: (base, services) => ({ ...base, ...services, loaders: createLoaders(services) }),
  });
  return {
    ...running.services,
    url: running.url,
    dataSource: running.dataSource,
    relay: running.relay,
    stop: () => {
      stopping = true;
      return running.stop();
    },
  };
}
