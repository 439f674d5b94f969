import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { tokenVerifierFromEnvironment, type Principal, type TokenVerifier } from '@jobcenter/auth';
import { DomainError } from '@jobcenter/kernel';
import type { Logger } from '@jobcenter/logger';
import type { Metrics } from '@jobcenter/observability';
import { graphqlMetricsPlugin, metricsRoute } from './metrics';
import {
  clientError,
  jsonBody,
  postOnly,
  protection,
  SUBGRAPH_LIMITS,
  tokenLimit,
  type OperationLimits,
} from './protection';

/** What every resolver gets; services add their own loaders and domain objects. */
export interface BaseContext {
  principal: Principal | null;
  logger: Logger;
  requestId: string;
}

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  schema: GraphQLSchema;
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Adds the service's parts to the base context, once per request. */
  context: (base: BaseContext) => TContext | Promise<TContext>;
  /** Named checks behind /ready, e.g. the database and Kafka. */
  readiness: Record<string, () => Promise<boolean>>;
  /** How much one operation may ask for (SUBGRAPH_LIMITS by default). */
  limits?: OperationLimits;
  /** Production: no introspection, no field suggestions. */
  production?: boolean;
  /** Show internal error messages to clients (development and tests). */
  exposeInternalErrors?: boolean;
  /**
   * Plain HTTP routes beside `/graphql`, e.g. a CSV download; each checks the bearer token itself
   * with `verifyToken`, as the GraphQL resolvers do.
   */
  routes?: (app: express.Express, tools: { verifyToken: TokenVerifier }) => void;
  /** Whether GraphQL requests are measured (REQUEST_METRICS; on by default). */
  measureRequests?: boolean;
  /** The process's metrics: GraphQL requests are measured and `/metrics` serves them. */
  metrics?: Metrics;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/**
 * Serves a subgraph schema on `/graphql`, with `/health` (the process is alive), `/ready`
 * (every readiness check passes; 503 and the failing checks otherwise) and `/metrics` (Prometheus).
 */
export async function startSubgraphServer<TContext extends BaseContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<RunningSubgraph> {
  const { logger } = options;
  const app = express();
  const httpServer = http.createServer(app);

  app.disable('x-powered-by');
  const limits = options.limits ?? SUBGRAPH_LIMITS;
  const hardened = protection({
    limits,
    production: options.production ?? false,
  });

  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    logger: logger.child({ component: 'apollo' }),
    ...hardened,
    // onShutdown stops the process in order; Apollo's own signal handler would end it half-way
    // (it re-sends the signal once the server stopped), before the Kafka consumer left its group.
    stopOnTerminationSignals: false,
    plugins: [
      ...hardened.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Neither is used (no HTTP caching of answers, no Apollo usage reporting); both cost time on
      // every field.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      errorLogging(logger),
      ...(options.metrics && options.measureRequests !== false
        ? [graphqlMetricsPlugin<TContext>(options.metrics)]
        : []),
    ],
    formatError: (formatted, error) =>
      clientError(maskInternalError(formatted, error, options.exposeInternalErrors ?? false)),
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: options.name });
  });
  app.get('/ready', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(options.readiness).map(
        async ([check, probe]) => [check, await probe().catch(() => false)] as const,
      ),
    );
    const checks = Object.fromEntries(entries.map(([check, ok]) => [check, ok ? 'ok' : 'failing']));
    const ready = entries.every(([, ok]) => ok);
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', service: options.name, checks });
  });
  if (options.metrics) metricsRoute(app, options.metrics);
  options.routes?.(app, { verifyToken: options.verifyToken });
  app.use(
    '/graphql',
    postOnly(),
    ...jsonBody(),
    tokenLimit(limits.tokens),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = req.header('x-request-id') ?? randomUUID();
        const principal = await options.verifyToken(req.header('authorization'));
        return options.context({ principal, requestId, logger: logger.child({ requestId }) });
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ url }, `${options.name} subgraph ready`);
  return {
    url,
    port,
    stop: async () => {
      await apollo.stop();
    },
  };
}

function errorLogging(logger: Logger): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (
              (!code || code === 'INTERNAL_SERVER_ERROR') &&
              !isDomainError(error.originalError)
            ) {
              (contextValue?.logger ?? logger).error(
                { err: error.originalError ?? error, path: error.path },
                'resolver failed',
              );
            }
          }
        },
      };
    },
  };
}

/**
 * Domain errors become coded client errors naming the field; errors that are not GraphQLErrors
 * with a code are bugs: logged, and clients see a generic message.
 */
function maskInternalError(
  formatted: GraphQLFormattedError,
  error: unknown,
  expose: boolean,
): GraphQLFormattedError {
  const original = (error as GraphQLError)?.originalError;
  if (original instanceof DomainError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (original instanceof GraphQLError && original.extensions?.code) return formatted;
  if (expose) return formatted;
  return {
    ...formatted,
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function isDomainError(error: unknown): boolean {
  return error instanceof DomainError;
}

/**
 * What every service sets the same way from its environment: how tokens are verified (production
 * refuses the development key) and whether internal error messages reach clients (not in production).
 */
export function environmentSettings(config: Parameters<typeof tokenVerifierFromEnvironment>[0]) {
  return {
    verifyToken: tokenVerifierFromEnvironment(config),
    exposeInternalErrors: config.NODE_ENV !== 'production',
    production: config.NODE_ENV === 'production',
  };
}
