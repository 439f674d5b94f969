import { commonEnv, loadConfig, port, postgresUrl, z } from '@jobcenter/config';

/** Every environment variable of the districts service (README: services/districts/README.md). */
export const districtsEnv = z.object({
  ...commonEnv,
  PORT: port(4101),
  DATABASE_URL: postgresUrl.default('postgres://jobcenter:jobcenter-dev@127.0.0.1:54329/districts'),
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * The district offices this instance owns: `all` (default), a list of ids (a city's own
   * instance, e.g. `marl`), or `all,-marl` (the central instance beside Marl's).
   */
  OWNED_DISTRICTS: z.string().default('all'),
  /** Whether this instance hosts the Fachbereich; by default the one that owns `all`. */
  HOSTS_DEPARTMENT: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
});

export type DistrictsConfig = z.infer<typeof districtsEnv>;

export const loadDistrictsConfig = (
  env: Record<string, string | undefined> = process.env,
): DistrictsConfig => loadConfig(districtsEnv, env);
