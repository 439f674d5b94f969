import type { Logger } from '@jobcenter/logger';
import { runSubgraphService, serviceHandle, type ServiceHandle } from '@jobcenter/subgraph-server';
import type { PersonnelServices } from './application';
import { Appointments } from './application/appointments';
import { Employees } from './application/employees';
import { Posts } from './application/posts';
import { RegionalTasks } from './application/regional-tasks';
import { Staffing } from './application/staffing';
import { Transfers } from './application/transfers';
import type { PersonnelConfig } from './config';
import type { PersonnelContext } from './context';
import { seedDemoPersonnel } from './demo-data';
import { personnelHandlers } from './events/handlers';
import { createLoaders } from './loaders';
import { migrations } from './migrations';
import { createSchema } from './schema';

export const SERVICE_NAME = 'personnel';

export type PersonnelService = ServiceHandle<PersonnelServices>;

/**
 * Starts the personnel subgraph: migrates, registers the county's central tasks, seeds demo staff
 * when asked, consumes caseload and resolutions, relays its outbox and serves GraphQL.
 */
export async function startPersonnelService(
  config: PersonnelConfig,
  logger: Logger,
): Promise<PersonnelService> {
  const running = await runSubgraphService<PersonnelServices, PersonnelContext>({
    name: SERVICE_NAME,
    config,
    logger,
    migrations,
    handlers: personnelHandlers,
    build: ({ dataSource, outbox }) => {
      const staffing = new Staffing(dataSource, outbox);
      const posts = new Posts(dataSource, staffing);
      return {
        staffing,
        posts,
        employees: new Employees(dataSource, staffing),
        transfers: new Transfers(dataSource, outbox, posts, staffing),
        appointments: new Appointments(dataSource, outbox, posts, staffing),
        regionalTasks: new RegionalTasks(dataSource),
      };
    },
    prepare: async (services, { dataSource }) => {
      await services.regionalTasks.registerCentralTasks();
      if (config.SEED_DEMO_DATA) await seedDemoPersonnel(services, dataSource, logger);
    },
    schema: () => createSchema(),
    context: (base, services) => ({ ...base, ...services, loaders: createLoaders(services) }),
  });
  return serviceHandle(running);
}
