import type http from 'node:http';
import type express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { ApolloGateway } from '@apollo/gateway';
import type { TokenVerifier } from '@jobcenter/auth';
import { createKafka } from '@jobcenter/events';
import type { Logger } from '@jobcenter/logger';
import { EventFeed } from './event-feed';
import { subscriptionSchema } from './schema';
import { serveSse, serveWebSockets } from './serve';

/**
 * Subscriptions at the gateway (docs/subscriptions.md): one Kafka consumer per process feeds
 * `/graphql/stream` (SSE) and `/graphql/ws` (graphql-ws); each event's entity is answered by the
 * gateway's own `/graphql` with the subscriber's token. Register before the `/graphql` routes.
 */
export function serveSubscriptions(options: {
  app: express.Express;
  httpServer: http.Server;
  gateway: ApolloGateway;
  verifyToken: TokenVerifier;
  brokers: string[];
  bufferEvents: number;
  graphqlUrl: () => string;
  logger: Logger;
}) {
  const { logger } = options;
  const feed = new EventFeed(
    createKafka({ clientId: 'gateway-subscriptions', brokers: options.brokers, logger }),
    options.bufferEvents,
    logger,
  );
  let schema: GraphQLSchema | null = null;
  options.gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = subscriptionSchema(apiSchema, feed);
  });
  const endpoints = {
    schema: () => schema,
    verifyToken: options.verifyToken,
    logger: logger.child({ component: 'subscriptions' }),
    query: async (document: string, variables: Record<string, unknown>, authorization: string) => {
      const response = await fetch(options.graphqlUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: document, variables }),
      });
      return (await response.json()) as {
        data?: Record<string, unknown> | null;
        errors?: unknown[];
      };
    },
  };
  serveSse(options.app, endpoints);
  const sockets = serveWebSockets(options.httpServer, endpoints);
  return {
    start: () => feed.start(),
    stats: () => feed.stats(),
    stop: async () => {
      await feed.stop();
      await sockets.close();
    },
  };
}
