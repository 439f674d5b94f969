import { commonEnv, loadConfig, port, postgresUrl, z } from '@jobcenter/config';

/** Every environment variable of the governance service (README: services/governance/README.md). */
export const governanceEnv = z.object({
  ...commonEnv,
  PORT: port(4102),
  DATABASE_URL: postgresUrl.default(
    'postgres://jobcenter:jobcenter-dev@127.0.0.1:54329/governance',
  ),
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /**
   * The public base of the OParl API, the gateway's `/oparl/v1`: every OParl id is a URL under it
   * (docs/oparl.md), so it must not change once clients know them.
   */
  OPARL_BASE_URL: z.url().default('http://127.0.0.1:4000/oparl/v1'),
  /** How often pending changes are brought into the OParl objects without waiting for a request. */
  OPARL_REFRESH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(2000),
  /** Kafka consumer group; one per deployment of the service. */
  CONSUMER_GROUP: z.string().min(1).default('governance'),
});

export type GovernanceConfig = z.infer<typeof governanceEnv>;

export const loadGovernanceConfig = (
  env: Record<string, string | undefined> = process.env,
): GovernanceConfig => loadConfig(governanceEnv, env);
