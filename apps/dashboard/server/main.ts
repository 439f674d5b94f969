import { createLogger } from '@jobcenter/logger';
import { onShutdown } from '@jobcenter/subgraph-server';
import { loadDashboardConfig } from './config';
import { startDashboardServer } from './server';

async function main(): Promise<void> {
  const config = loadDashboardConfig();
  const logger = createLogger('dashboard', config.LOG_LEVEL);
  const dashboard = await startDashboardServer(config, logger);
  onShutdown(logger, [dashboard.stop]);
}

main().catch((error: Error) => {
  console.error(`dashboard failed to start: ${error.message}`);
  process.exit(1);
});
