import type { Logger } from '@jobcenter/logger';
import { runSubgraphService, serviceHandle, type ServiceHandle } from '@jobcenter/subgraph-server';
import { Board } from './application/board';
import { Meetings } from './application/meetings';
import { Resolutions } from './application/resolutions';
import { ensureInitialRulesOfProcedure } from './application/rules-of-procedure';
import { Submissions } from './application/submissions';
import { StaffCouncil } from './application/staff-council';
import { TargetAgreements } from './application/target-agreements';
import type { GovernanceConfig } from './config';
import type { GovernanceContext } from './context';
import { seedDemoGovernance } from './demo-data';
import { governanceHandlers } from './events/handlers';
import { ensureBenchmarkProjection } from './application/benchmarking';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { createSchema } from './schema';
import { OparlStore } from './oparl/store';
import { OparlUrls } from './oparl/urls';
import { oparlRoutes } from './oparl/routes';

import type { GovernanceServices } from './application';

export const SERVICE_NAME = 'governance';

export type GovernanceService = ServiceHandle<GovernanceServices>;

/**
 * Starts the governance subgraph: migrates, registers the first rules of procedure, consumes the
 * events of districts and personnel, starts the outbox relay and serves GraphQL, and the OParl
 * API beside it (`/oparl/v1`).
 */
export async function startGovernanceService(
  config: GovernanceConfig,
  logger: Logger,
): Promise<GovernanceService> {
  const running = await runSubgraphService<GovernanceServices, GovernanceContext>({
    name: SERVICE_NAME,
    config,
    logger,
    migrations,
    handlers: governanceHandlers,
    build: ({ dataSource, outbox }) => ({
      board: new Board(dataSource),
      submissions: new Submissions(dataSource),
      meetings: new Meetings(dataSource),
      resolutions: new Resolutions(dataSource, outbox),
      staffCouncil: new StaffCouncil(dataSource),
      targetAgreements: new TargetAgreements(dataSource),
      oparl: new OparlStore(dataSource, new OparlUrls(config.OPARL_BASE_URL)),
    }),
    prepare: async (services, { dataSource }) => {
      await ensureInitialRulesOfProcedure(dataSource.manager);
      await ensureBenchmarkProjection(dataSource.manager);
      await services.oparl.markStale();
    },
    // The board's composition needs the districts' size groups, which arrive as events.
    seed: config.SEED_DEMO_DATA
      ? (services, { dataSource, signal }) =>
          seedDemoGovernance(services, dataSource, logger, { signal })
      : undefined,
    schema: () => createSchema(),
    routes: (app, { verifyToken }, services) =>
      oparlRoutes(app, verifyToken, services.oparl, logger),
    context: (base, services, { dataSource }) => ({
      ...base,
      ...services,
      dataSource,
      loaders: createLoaders({ ...services, manager: dataSource.manager }),
    }),
  });
  // Changes reach the OParl objects soon after they commit, so that `modified` is near them.
  const refresher = running.services.oparl.refreshEvery(config.OPARL_REFRESH_INTERVAL_MS, logger);
  const stop = running.stop;
  return serviceHandle({
    ...running,
    stop: async () => {
      await refresher.stop();
      await stop();
    },
  });
}
