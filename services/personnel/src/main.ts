import { tracing } from './tracing';
import { createLogger } from '@jobcenter/logger';
import { onShutdown } from '@jobcenter/subgraph-server';
import { loadPersonnelConfig } from './config';
import { SERVICE_NAME, startPersonnelService } from './service';

async function main(): Promise<void> {
  const config = loadPersonnelConfig();
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const service = await startPersonnelService(config, logger);
  onShutdown(logger, [service.stop, tracing.stop]);
}

main().catch((error: Error) => {
  console.error(`personnel service failed to start: ${error.message}`);
  process.exit(1);
});
