import type http from 'node:http';
import type express from 'express';
import { GraphQLError, getOperationAST, parse, validate, type GraphQLSchema } from 'graphql';
import {
  createHandler as createSseHandler,
  type RequestParams,
  type Response as SseResponse,
} from 'graphql-sse';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Principal, TokenVerifier } from '@jobcenter/auth';
import type { Logger } from '@jobcenter/logger';
import { subscriptionFieldResolver, type SubscriptionContext } from './schema';
import type { SubscriptionEnded } from './event-feed';

/** How long a client cut off for reading too slowly has to take its last message before it is closed. */
const CUT_OFF_GRACE_MS = 5000;

export const STREAM_PATH = '/graphql/stream';
export const WS_PATH = '/graphql/ws';

export interface SubscriptionEndpoints {
  schema: () => GraphQLSchema | null;
  verifyToken: TokenVerifier;
  query: SubscriptionContext['query'];
  logger: Logger;
}

/** The subscriber a token names, or why it is refused. */
async function signedIn(
  verifyToken: TokenVerifier,
  header: string | undefined,
): Promise<{ principal: Principal } | { refused: string }> {
  try {
    const principal = await verifyToken(header);
    if (principal) return { principal };
    return { refused: 'Sign in: a subscription needs the token "Bearer <token>"' };
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

/** Only subscriptions run on these endpoints. */
function notASubscription(params: RequestParams): string | null {
  try {
    const operation = getOperationAST(parse(params.query), params.operationName);
    if (operation && operation.operation !== 'subscription')
      return 'Only subscriptions run here; send queries and mutations to POST /graphql';
  } catch {
    // The protocol's own validation names a syntax error.
  }
  return null;
}

const jsonError = (status: number, message: string, code: string): SseResponse => [
  JSON.stringify({ errors: [{ message, extensions: { code } }] }),
  { status, statusText: code, headers: { 'content-type': 'application/json; charset=utf-8' } },
];

/** Per SSE response: `next` messages handed to graphql-sse and not yet written to the socket. */
interface Backlog {
  unwritten: number;
  written: (() => void) | null;
}

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections mode: one POST with
 * `Accept: text/event-stream` per subscription). graphql-sse keeps the stream alive with a comment
 * every 12 s. Its own message queue does not wait for the socket, so each `next` waits here until
 * the previous one is written: a client that reads slowly then fills its own bounded buffer in
 * the feed (and is cut off), never the gateway's memory.
 */
export function serveSse(app: express.Express, endpoints: SubscriptionEndpoints): void {
  const backlogs = new WeakMap<http.ServerResponse, Backlog>();
  const handler = createSseHandler<express.Request, { res: express.Response }, SubscriptionContext>(
    {
      schema: () => endpoints.schema()!,
      onSubscribe: async (req, params) => {
        const subscriber = await signedIn(
          endpoints.verifyToken,
          req.headers.get('authorization') ?? undefined,
        );
        if ('refused' in subscriber) return jsonError(401, subscriber.refused, 'UNAUTHENTICATED');
        const wrong = notASubscription(params);
        if (wrong) return jsonError(400, wrong, 'BAD_REQUEST');
        const schema = endpoints.schema();
        if (!schema) return jsonError(503, 'The graph is not loaded yet', 'UNAVAILABLE');
        const res = req.context.res;
        const context: SubscriptionContext = {
          authorization: req.headers.get('authorization')!,
          principal: subscriber.principal,
          query: endpoints.query,
          cutOff: (reason: SubscriptionEnded) => {
            endpoints.logger.info({ reason: reason.message }, 'subscriber over SSE cut off');
            setTimeout(() => res.destroy(), CUT_OFF_GRACE_MS).unref();
          },
        };
        return {
          schema,
          document: parse(params.query),
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue: context,
          fieldResolver: subscriptionFieldResolver,
        };
      },
      onNext: async (_ctx, req) => {
        const backlog = backlogs.get(req.context.res);
        if (!backlog) return;
        while (backlog.unwritten > 0) await new Promise<void>((done) => (backlog.written = done));
        backlog.unwritten += 1;
      },
    },
  );
  app.post(STREAM_PATH, async (req, res) => {
    const backlog: Backlog = { unwritten: 0, written: null };
    backlogs.set(res, backlog);
    const [body, init] = await handler({
      method: req.method,
      url: req.url,
      headers: {
        get: (key) => {
          const header = req.headers[key];
          return Array.isArray(header) ? header.join('\n') : header;
        },
      },
      body: () =>
        new Promise<string>((resolve, reject) => {
          let text = '';
          req.setEncoding('utf8');
          req.on('data', (chunk: string) => (text += chunk));
          req.once('error', reject);
          req.once('end', () => resolve(text));
        }),
      raw: req,
      context: { res },
    });
    res.writeHead(init.status, init.statusText, init.headers);
    if (!body || typeof body === 'string') return void res.end(body);
    res.once('close', () => {
      backlog.unwritten = 0;
      backlog.written?.();
      void body.return?.(undefined);
    });
    for await (const message of body) {
      if (!res.writable) break;
      const failed = await new Promise<boolean>((resolve) =>
        res.write(message, (error) => resolve(Boolean(error))),
      );
      if (message.startsWith('event: next')) {
        backlog.unwritten -= 1;
        backlog.written?.();
      }
      if (failed) break;
    }
    res.end();
  });
}

/**
 * graphql-ws on `/graphql/ws`: the token comes in the connection's `connectionParams.authorization`
 * (a bad or missing one closes the socket with 4401); graphql-ws pings every 12 s. graphql-ws
 * sends each message after the previous one is written, so a slow client fills its bounded buffer.
 */
export function serveWebSockets(
  httpServer: http.Server,
  endpoints: SubscriptionEndpoints,
): { close: () => Promise<void> } {
  const sockets = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== WS_PATH) return;
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });
  const server = useServer<{ authorization?: unknown }, { principal?: Principal }>(
    {
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization;
        const subscriber = await signedIn(
          endpoints.verifyToken,
          typeof header === 'string' ? header : undefined,
        );
        if ('refused' in subscriber) {
          ctx.extra.socket.close(4401, `Unauthorized: ${subscriber.refused}`.slice(0, 120));
          return false;
        }
        ctx.extra.principal = subscriber.principal;
        return true;
      },
      onSubscribe: (ctx, _id, params) => {
        const wrong = notASubscription(params as RequestParams);
        const schema = endpoints.schema();
        if (wrong || !schema) return [new GraphQLError(wrong ?? 'The graph is not loaded yet')];
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        // Arguments from this hook are not validated by graphql-ws.
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid;
        const socket = ctx.extra.socket;
        const context: SubscriptionContext = {
          authorization: ctx.connectionParams!.authorization as string,
          principal: ctx.extra.principal!,
          query: endpoints.query,
          cutOff: (reason) => {
            endpoints.logger.info({ reason: reason.message }, 'subscriber over graphql-ws cut off');
            // The close frame follows what the socket still holds; ws ends it if unanswered.
            socket.close(4429, 'Too slow: the subscription buffer overflowed; subscribe again');
          },
        };
        return {
          schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue: context,
          fieldResolver: subscriptionFieldResolver,
        };
      },
    },
    sockets,
  );
  return {
    close: async () => {
      await server.dispose();
      for (const client of sockets.clients) client.terminate();
    },
  };
}
