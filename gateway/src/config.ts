import { join } from 'node:path';
import { commonEnv, loadConfig, port, z } from '@jobcenter/config';
import { SUBGRAPHS } from './subgraphs';

const subgraphUrls = Object.fromEntries(
  SUBGRAPHS.map((subgraph) => [subgraph.urlVariable, z.url().default(subgraph.defaultUrl)]),
);

/** Every environment variable of the gateway (README: gateway/README.md). */
export const gatewayEnv = z.object({
  ...commonEnv,
  PORT: port(4000),
  /** `on`: answers of queries are cached and invalidated by the services' change notices (docs/caching.md). */
  RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  /** Most memory the cached answers may take. */
  RESPONSE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  /** A service whose outbox relay sent no heartbeat for this long is not served from the cache. */
  RESPONSE_CACHE_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(1500).max(60_000).default(3000),
  /** `file`: serve the supergraph composed at build time (production, CI); `introspect`: compose from the running subgraphs (development). */
  SUPERGRAPH_SOURCE: z.enum(['file', 'introspect']).default('file'),
  SUPERGRAPH_PATH: z.string().default(join(__dirname, '..', 'supergraph.graphql')),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
  /** Most fields one operation may select, fragments counted where spread. */
  MAX_QUERY_FIELDS: z.coerce.number().int().min(10).max(100_000).default(2000),
  /** How long the gateway waits for a subgraph's answer. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Cities running their own districts service: which instance serves which district (docs/city-instances.md). */
  DISTRICTS_INSTANCES: z.string().optional(),
  /** The same as a JSON file. */
  DISTRICTS_INSTANCES_FILE: z.string().optional(),
  ...subgraphUrls,
});

export type GatewayConfig = z.infer<typeof gatewayEnv> & Record<string, string>;

export const loadGatewayConfig = (
  env: Record<string, string | undefined> = process.env,
): GatewayConfig => loadConfig(gatewayEnv, env) as GatewayConfig;
