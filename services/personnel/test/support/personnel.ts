import { createLogger } from '@jobcenter/logger';
import { createTestDatabase, testKafkaBrokers, uniqueId } from '@jobcenter/testing';
import { loadPersonnelConfig } from '../../src/config';
import { startPersonnelService, type PersonnelService } from '../../src/service';

/**
 * A personnel service on a fresh database and consumer group of its own; pass `env` with the
 * DATABASE_URL and CONSUMER_GROUP of an earlier one to restart that one.
 */
export async function startTestPersonnel(
  options: { brokers?: string[]; env?: Record<string, string> } = {},
): Promise<PersonnelService> {
  const config = loadPersonnelConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: options.env?.DATABASE_URL ?? (await createTestDatabase('personnel')),
    KAFKA_BROKERS: (options.brokers ?? testKafkaBrokers()).join(','),
    OUTBOX_POLL_INTERVAL_MS: '50',
    CONSUMER_GROUP: uniqueId('personnel-test'),
    ...options.env,
  });
  return startPersonnelService(
    config,
    createLogger('personnel-test', process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
}
