import { tracing } from './tracing';
import { createLogger } from '@jobcenter/logger';
import { onShutdown } from '@jobcenter/subgraph-server';
import { loadBudgetConfig } from './config';
import { SERVICE_NAME, startBudgetService } from './service';

async function main(): Promise<void> {
  const config = loadBudgetConfig();
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const service = await startBudgetService(config, logger);
  onShutdown(logger, [service.stop, tracing.stop]);
}

main().catch((error: Error) => {
  console.error(`budget service failed to start: ${error.message}`);
  process.exit(1);
});
