import type { Logger } from '@jobcenter/logger';
import { runSubgraphService, serviceHandle, type ServiceHandle } from '@jobcenter/subgraph-server';
import { CaseloadReporting } from './application/caseload-reporting';
import { UnitRegistry } from './application/unit-registry';
import type { DistrictsConfig } from './config';
import type { DistrictsContext } from './context';
import { seedDemoCaseload } from './demo-data';
import { ELEVEN_UNITS } from './domain/units';
import { parseOwnership, type Ownership } from './domain/ownership';
import { entities } from './entities';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { CaseloadReportsRepository } from './repositories/caseload-reports.repository';
import { createSchema } from './schema';

export const SERVICE_NAME = 'districts';

interface DistrictsServices {
  reporting: CaseloadReporting;
  registry: UnitRegistry;
}

export type DistrictsService = ServiceHandle<DistrictsServices> & { ownership: Ownership };

/**
 * Starts the districts subgraph: migrates its database, registers the eleven units on first start,
 * starts the outbox relay and serves GraphQL. `stop` undoes it in reverse order.
 */
export async function startDistrictsService(
  config: DistrictsConfig,
  logger: Logger,
): Promise<DistrictsService> {
  const ownership = parseOwnership(config.OWNED_DISTRICTS, config.HOSTS_DEPARTMENT);
  const running = await runSubgraphService<DistrictsServices, DistrictsContext>({
    name: SERVICE_NAME,
    config,
    logger,
    entities,
    migrations,
    build: ({ dataSource, outbox }) => ({
      reporting: new CaseloadReporting(dataSource, outbox, ownership),
      registry: new UnitRegistry(dataSource, outbox, ownership),
    }),
    prepare: async ({ registry, reporting }, { dataSource }) => {
      const added = await registry.registerMissing(
        ELEVEN_UNITS.filter((unit) =>
          unit.kind === 'DEPARTMENT' ? ownership.hostsDepartment : ownership.ownsDistrict(unit.id),
        ),
      );
      if (added.length > 0) logger.info({ added }, 'registered units');
      logger.info(
        { serves: ownership.description, department: ownership.hostsDepartment },
        'instance ownership',
      );
      if (config.SEED_DEMO_DATA) {
        const reported = await new CaseloadReportsRepository(dataSource.manager).reportedKeys();
        const seeded = await seedDemoCaseload(reporting, new Date(), ownership, reported);
        if (seeded > 0) logger.info({ reports: seeded }, 'seeded demo caseload reports');
      }
    },
    schema: ({ dataSource }) => createSchema(dataSource),
    context: (base, services, { dataSource }) => ({
      ...base,
      ...services,
      loaders: createLoaders(dataSource),
      ownership,
    }),
  });
  return { ...serviceHandle(running), ownership };
}
