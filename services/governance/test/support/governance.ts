import { createLogger } from '@jobcenter/logger';
import { createTestDatabase, testKafkaBrokers, uniqueId } from '@jobcenter/testing';
import { loadGovernanceConfig } from '../../src/config';
import { startGovernanceService, type GovernanceService } from '../../src/service';

/** A governance service on its own fresh database and consumer group. */
export async function startTestGovernance(
  options: { brokers?: string[]; env?: Record<string, string> } = {},
): Promise<GovernanceService> {
  const config = loadGovernanceConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: await createTestDatabase('governance'),
    KAFKA_BROKERS: (options.brokers ?? testKafkaBrokers()).join(','),
    OUTBOX_POLL_INTERVAL_MS: '50',
    CONSUMER_GROUP: uniqueId('governance-test'),
    ...options.env,
  });
  return startGovernanceService(
    config,
    createLogger('governance-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
}

export { eventually } from '@jobcenter/testing';
