import { join } from 'node:path';
import { commonEnv, loadConfig, port, z } from '@jobcenter/config';
import { GATEWAY_LIMITS } from '@jobcenter/subgraph-server';
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
  /** How much one operation may ask for (docs/production.md): deepest nesting of fields. */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(GATEWAY_LIMITS.depth),
  /** Most aliases in one operation. */
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(1000).default(GATEWAY_LIMITS.aliases),
  /** Most directives in one operation. */
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(GATEWAY_LIMITS.directives),
  /** Most tokens of one document. */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(100_000).default(GATEWAY_LIMITS.tokens),
  /** Most cost of one operation (GraphQL Armor's cost model). */
  MAX_QUERY_COST: z.coerce.number().int().min(10).max(1_000_000).default(GATEWAY_LIMITS.cost),
  /**
   * How long the gateway waits for a subgraph's answer to a query: a hung service or city
   * instance costs a request no more than this.
   */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(1000),
  /**
   * How long it waits for a mutation's answer: longer, because a mutation given up on may still
   * commit (its caller could not tell).
   */
  SUBGRAPH_MUTATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How long it waits for a download (`/reports/...`) or an OParl answer: these are not fail-fast reads. */
  SUBGRAPH_DOWNLOAD_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /**
   * After repeated timeouts or refused connections a subgraph (or city instance) is not asked for
   * this long (its part fails at once), then one request tries it again.
   */
  SUBGRAPH_BREAKER_RESET_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  /**
   * Production option: a JSON file of the only operations that may run (trusted documents), as
   * GraphQL Code Generator's client preset writes it (`{ "<sha256>": "<document>" }`).
   */
  TRUSTED_DOCUMENTS_PATH: z.string().optional(),
  /**
   * Subscriptions (docs/subscriptions.md): most events that may wait for one subscriber; a client
   * that reads more slowly is cut off.
   */
  SUBSCRIPTION_BUFFER_EVENTS: z.coerce.number().int().min(1).max(10_000).default(100),
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
