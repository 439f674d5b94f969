import { commonEnv, loadConfig, port, postgresUrl, z } from '@jobcenter/config';

/** Every environment variable of the budget service (README: services/budget/README.md). */
export const budgetEnv = z.object({
  ...commonEnv,
  PORT: port(4104),
  DATABASE_URL: postgresUrl.default('postgres://jobcenter:jobcenter-dev@127.0.0.1:54329/budget'),
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Kafka consumer group; one per deployment of the service. */
  CONSUMER_GROUP: z.string().min(1).default('budget'),
});

export type BudgetConfig = z.infer<typeof budgetEnv>;

export const loadBudgetConfig = (
  env: Record<string, string | undefined> = process.env,
): BudgetConfig => loadConfig(budgetEnv, env);
