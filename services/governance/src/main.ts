import { tracing } from './tracing';
import { createLogger } from '@jobcenter/logger';
import { onShutdown } from '@jobcenter/subgraph-server';
import { loadGovernanceConfig } from './config';
import { SERVICE_NAME, startGovernanceService } from './service';

async function main(): Promise<void> {
  const config = loadGovernanceConfig();
  const logger = createLogger(SERVICE_NAME, config.LOG_LEVEL);
  const service = await startGovernanceService(config, logger);
  onShutdown(logger, [service.stop, tracing.stop]);
}

main().catch((error: Error) => {
  console.error(`governance service failed to start: ${error.message}`);
  process.exit(1);
});
