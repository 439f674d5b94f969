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

/** How long the answer for one event is shared by its subscribers, and how many are kept. */
const SHARED_ANSWER_MS = 2000;
const MAX_SHARED_ANSWERS = 10_000;

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
  const queryGraph = async (
    document: string,
    variables: Record<string, unknown>,
    authorization: string,
  ) => {
    const response = await fetch(options.graphqlUrl(), {
      method: 'POST',
      // The event proves its change committed: answer from the subgraphs, not from an entry the
      // change notice may not have dropped yet.
      headers: { 'content-type': 'application/json', 'cache-control': 'no-cache', authorization },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: unknown[];
    };
  };
  const answers = new Map<string, ReturnType<typeof queryGraph>>();
  const endpoints = {
    schema: () => schema,
    verifyToken: options.verifyToken,
    logger: logger.child({ component: 'subscriptions' }),
    query: (
      document: string,
      variables: Record<string, unknown>,
      authorization: string,
      shareKey: string,
    ) => {
      // Subscribers of one event in one scope with the same selection share one answer.
      const key = JSON.stringify([shareKey, document, variables]);
      const shared = answers.get(key);
      if (shared) return shared;
      const answer = queryGraph(document, variables, authorization);
      if (answers.size < MAX_SHARED_ANSWERS) {
        answers.set(key, answer);
        const forget = () => setTimeout(() => answers.delete(key), SHARED_ANSWER_MS).unref();
        answer.then(forget, forget);
      }
      return answer;
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
