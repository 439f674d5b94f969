import { tracing } from './tracing';
import { createLogger } from '@jobcenter/logger';
import { onShutdown } from '@jobcenter/subgraph-server';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const gateway = await startGateway(config, logger);
  onShutdown(logger, [gateway.stop, tracing.stop]);
}

main().catch((error: Error) => {
  console.error(`gateway failed to start: ${error.message}`);
  process.exit(1);
});
