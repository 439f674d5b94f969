import type { Logger } from '@jobcenter/logger';
import { runSubgraphService, serviceHandle, type ServiceHandle } from '@jobcenter/subgraph-server';
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

export type BudgetService = ServiceHandle<BudgetServices>;

/**
 * Starts the budget subgraph: migrates, consumes the board's resolutions and the districts'
 * caseload, starts the outbox relay and serves GraphQL.
 */
export async function startBudgetService(
  config: BudgetConfig,
  logger: Logger,
): Promise<BudgetService> {
  const running = await runSubgraphService<BudgetServices, BudgetContext>({
    name: SERVICE_NAME,
    config,
    logger,
    migrations,
    // The handlers publish (an adopted allocation) through the service's outbox.
    handlers: (_services, { outbox }) => budgetHandlers(outbox),
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
      ? (services, { dataSource, signal }) =>
          seedDemoBudget(services, dataSource, logger, { signal })
      : undefined,
    schema: () => createSchema(),
    routes: reportDownload,
    context: (base, services) => ({ ...base, ...services, loaders: createLoaders(services) }),
  });
  return serviceHandle(running);
}
