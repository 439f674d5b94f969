import { tracing } from './tracing';
import { createLogger } from '@jobcenter/logger';
import { onShutdown } from '@jobcenter/subgraph-server';
import { loadDistrictsConfig } from './config';
import { SERVICE_NAME, startDistrictsService } from './service';

async function main(): Promise<void> {
  const config = loadDistrictsConfig();
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const service = await startDistrictsService(config, logger);
  onShutdown(logger, [service.stop, tracing.stop]);
}

main().catch((error: Error) => {
  console.error(`districts service failed to start: ${error.message}`);
  process.exit(1);
});
