import { z } from 'zod';

/**
 * Parses configuration from an environment with a zod schema and fails fast with one message
 * that names every wrong or missing variable. Each service keeps its schema in `src/config.ts`.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return `  ${name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Environment variables every service reads: see the README table of each service. */
export const commonEnv = {
  /**
   * The address to listen on: loopback for `npm start` on a workstation, `0.0.0.0` in a
   * container (docker-compose.yml and infra/k8s set it).
   */
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .default('127.0.0.1:19092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port[,host:port...]')).min(1)),
  /**
   * How long the broker waits for a consumer's heartbeat before it hands the consumer's
   * partitions to others (a killed or hung instance): short, so that a restarted or remaining
   * instance goes on within seconds. The broker must allow it (`group.min.session.timeout.ms`,
   * 6000 in a stock Kafka; the local, compose and test brokers allow 1000).
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(3000),
  /** HS256 secret for development tokens. The default is a development value, never for production. */
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Production: the identity provider's JWKS URL; when set, HS256 tokens are not accepted. */
  AUTH_JWKS_URL: z.url().optional(),
  AUTH_ISSUER: z.string().default('jobcenter-dev'),
  AUTH_AUDIENCE: z.string().default('jobcenter-graph'),
  /**
   * Where traces go, over OTLP/HTTP (e.g. `http://jaeger:4318`); unset: no tracing at all
   * (docs/operations.md, "Metrics and traces"). The SDK reads the other standard `OTEL_*` variables.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The service name on every span (the process's own name by default). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /**
   * `off`: GraphQL requests are not measured (no request histograms; `/metrics` still serves the
   * process, outbox, consumer and pool metrics). For measuring what the measuring costs
   * (bench/tracing-overhead.mjs); `on` everywhere else.
   */
  REQUEST_METRICS: z.enum(['on', 'off']).default('on'),
};

/** A TCP port as an environment variable (0: any free port, for tests). */
export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

/** A PostgreSQL connection string. */
export const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string');

export { z };
