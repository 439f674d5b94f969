import type { Logger } from '@jobcenter/logger';

/**
 * Runs `steps` in order on SIGINT/SIGTERM (stop taking requests first, close clients last), then
 * exits. A second signal, or steps hanging longer than `timeoutMs`, end the process at once.
 */
export function onShutdown(
  logger: Logger,
  steps: (() => Promise<unknown>)[],
  timeoutMs = 15_000,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    let code = 0;
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        code = 1;
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
