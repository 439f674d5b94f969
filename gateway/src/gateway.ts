import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import express from 'express';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { Logger } from '@jobcenter/logger';
import { tokenVerifierFromEnvironment } from '@jobcenter/auth';
import { createKafka } from '@jobcenter/events';
import {
  clientError,
  jsonBody,
  postOnly,
  protection,
  tokenLimit,
} from '@jobcenter/subgraph-server';
import type { GatewayConfig } from './config';
import { SubgraphSource, type GatewayContext, type SubgraphCallSettings } from './subgraph-source';
import { SUBGRAPHS } from './subgraphs';
import { districtRoutingFrom } from './district-instances';
import { DistrictsRouter } from './districts-router';
import { loadDistrictRoutes } from './district-routes';
import { forwardDownloads } from './downloads';
import { forwardOparl } from './oparl';
import { readinessRoute } from './readiness';
import { ResponseCache } from './response-cache/response-cache';
import { ChangeFeed } from './response-cache/change-feed';
import { responseCacheLookup, responseCachePlugin } from './response-cache/http';
import { requireToken } from './authentication';
import { loadTrustedDocuments, trustedDocumentsOnly } from './trusted-documents';
import { gatewayMetrics, subscriptionMetrics, type SubgraphTimer } from './metrics';
import { metricsRoute } from '@jobcenter/subgraph-server';
import { serveSubscriptions } from './subscriptions';

export interface RunningGateway {
  url: string;
  stop: () => Promise<void>;
}

/** What the gateway's data sources hold open (kept-alive connections), closed on stop. */
interface Closable {
  close(): Promise<void>;
}

/** Builds the gateway over the supergraph file (production, CI) or the running subgraphs (development). */
export function createGateway(
  config: GatewayConfig,
  logger: Logger,
  opened: Closable[] = [],
  timer?: SubgraphTimer,
): ApolloGateway {
  const urlOf = (name: string, fallback: string) => {
    const subgraph = SUBGRAPHS.find((candidate) => candidate.name === name);
    return (subgraph && config[subgraph.urlVariable]) || fallback;
  };
  const districtRouting = districtRoutingFrom(config);
  // Checked against the districts schema now: a root field without a route stops the start.
  const districtRoutes = districtRouting ? loadDistrictRoutes() : null;
  const calls: SubgraphCallSettings = {
    queryTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    mutationTimeoutMs: config.SUBGRAPH_MUTATION_TIMEOUT_MS,
    breakerResetMs: config.SUBGRAPH_BREAKER_RESET_MS,
    timer,
  };
  const buildService = ({ name, url }: { name: string; url?: string }) => {
    const source =
      name === 'districts' && districtRouting && districtRoutes
        ? new DistrictsRouter(districtRouting, calls, districtRoutes)
        : new SubgraphSource(name, urlOf(name, url ?? ''), calls);
    opened.push(source);
    return source;
  };
  const gatewayLogger = logger.child({ component: 'gateway' });
  if (config.SUPERGRAPH_SOURCE === 'introspect') {
    return new ApolloGateway({
      logger: gatewayLogger,
      buildService,
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: SUBGRAPHS.map((subgraph) => ({
          name: subgraph.name,
          url: config[subgraph.urlVariable] ?? subgraph.defaultUrl,
        })),
        pollIntervalInMs: 10_000,
      }),
    });
  }
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  } catch {
    throw new Error(
      `No supergraph at ${config.SUPERGRAPH_PATH}: build the gateway first (npm run build), or set SUPERGRAPH_SOURCE=introspect`,
    );
  }
  return new ApolloGateway({ logger: gatewayLogger, buildService, supergraphSdl });
}

/** Serves the one graph on `/graphql`, with `/health`, `/ready`, `/metrics` and the subgraphs' downloads. */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const app = express();
  let url = '';
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const production = config.NODE_ENV === 'production';
  const hardened = protection({
    production,
    limits: {
      depth: config.MAX_QUERY_DEPTH,
      aliases: config.MAX_QUERY_ALIASES,
      directives: config.MAX_QUERY_DIRECTIVES,
      tokens: config.MAX_QUERY_TOKENS,
      cost: config.MAX_QUERY_COST,
    },
  });
  const trusted = config.TRUSTED_DOCUMENTS_PATH
    ? loadTrustedDocuments(config.TRUSTED_DOCUMENTS_PATH)
    : null;
  const verifyToken = tokenVerifierFromEnvironment(config);
  const cache =
    config.RESPONSE_CACHE === 'on'
      ? new ResponseCache({
          maxBytes: config.RESPONSE_CACHE_MAX_MB * 1024 * 1024,
          heartbeatTimeoutMs: config.RESPONSE_CACHE_HEARTBEAT_TIMEOUT_MS,
          expectedInstances: { districts: districtRoutingFrom(config)?.instances.length ?? 1 },
        })
      : null;
  const feed = cache
    ? new ChangeFeed(
        createKafka({ clientId: 'gateway', brokers: config.KAFKA_BROKERS, logger }),
        cache,
        logger,
      )
    : null;
  const sources: Closable[] = [];
  const measured = gatewayMetrics(cache, trusted);
  const measuring = config.REQUEST_METRICS !== 'off';
  const gateway = createGateway(
    config,
    logger,
    sources,
    measuring ? measured.subgraphs : undefined,
  );
  let supergraphLoaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });
  const subscriptions = serveSubscriptions({
    app,
    httpServer,
    gateway,
    verifyToken,
    brokers: config.KAFKA_BROKERS,
    bufferEvents: config.SUBSCRIPTION_BUFFER_EVENTS,
    graphqlUrl: () => url,
    logger,
  });
  subscriptionMetrics(measured.metrics, () => subscriptions.stats());
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: logger.child({ component: 'apollo' }),
    ...hardened,
    formatError: (formatted) => {
      const named = clientError(formatted);
      const code = named.extensions?.code;
      // Production: a bug of the gateway's own shows no message (the subgraphs mask theirs).
      return production && (!code || code === 'INTERNAL_SERVER_ERROR')
        ? { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }
        : named;
    },
    // onShutdown stops the process in order; Apollo's own signal handler would end it half-way
    // (it re-sends the signal once the server stopped), before the Kafka consumer left its group.
    stopOnTerminationSignals: false,
    plugins: [
      ...hardened.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Answers are cached here, by change notices, not by HTTP cache hints.
      ApolloServerPluginCacheControlDisabled(),
      ...(cache ? [responseCachePlugin<GatewayContext>(cache)] : []),
      ...(measuring ? [measured.plugin] : []),
    ],
  });
  await apollo.start();
  feed?.start();
  subscriptions.start();
  app.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      service: 'gateway',
      ...(cache ? { cache: cache.stats() } : {}),
      subscriptions: subscriptions.stats(),
    });
  });
  app.get(
    '/ready',
    readinessRoute(config, () => supergraphLoaded),
  );
  metricsRoute(app, measured.metrics);
  forwardDownloads(app, config, logger);
  forwardOparl(app, config, logger);
  app.use(
    '/graphql',
    postOnly(),
    ...jsonBody(),
    requireToken(verifyToken, { production }),
    tokenLimit(config.MAX_QUERY_TOKENS),
    ...(trusted ? [trustedDocumentsOnly(trusted)] : []),
    ...(cache ? [responseCacheLookup(cache, verifyToken)] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        authorization: req.header('authorization'),
        requestId: req.header('x-request-id') ?? randomUUID(),
        cacheTicket: res.locals.cacheTicket,
        cacheScope: res.locals.cacheScope,
        responseCache: cache ?? undefined,
      }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, resolve);
  });
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return {
    url,
    stop: async () => {
      await subscriptions.stop();
      await apollo.stop();
      await feed?.stop();
      await Promise.all(sources.map((source) => source.close()));
    },
  };
}
