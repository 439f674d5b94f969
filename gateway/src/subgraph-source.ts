import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import CircuitBreaker from 'opossum';
import { Pool } from 'undici';
import { cacheKey, type CacheTicket } from './response-cache/http';
import type { ResponseCache } from './response-cache/response-cache';
import type { SubgraphTimer } from './metrics';

export interface GatewayContext {
  authorization?: string;
  requestId?: string;
  /** Present when the answer may be stored in the response cache. */
  cacheTicket?: CacheTicket;
  responseCache?: ResponseCache;
  /** The caller's permission scope, when the token was verified for the cache. */
  cacheScope?: string;
}

type Options = GraphQLDataSourceProcessOptions<GatewayContext>;

interface Sent {
  response: GatewayGraphQLResponse;
  /** The body as received, when it can be kept (a 2xx answer without errors). */
  keep: string | null;
}

/** How long the gateway waits for a subgraph, and when it stops asking one that fails. */
export interface SubgraphCallSettings {
  /** The deadline of a query's request. */
  queryTimeoutMs: number;
  /** The deadline of a mutation's request (longer: a mutation given up on may still commit). */
  mutationTimeoutMs: number;
  /** How long an open breaker fails at once before one request tries the subgraph again. */
  breakerResetMs: number;
  /** Measures each request (`gateway_subgraph_request_duration_seconds`). */
  timer?: SubgraphTimer;
}

/** A request that never got an answer: the subgraph is down, hung or unreachable. */
class TransportFailure extends Error {
  constructor(
    readonly reason: string,
    /** Set when the deadline passed (the subgraph is hung or slow). */
    readonly timeoutMs?: number,
  ) {
    super(reason);
  }
}

/**
 * A subgraph (or city instance) gave no answer to use: it cannot be reached, did not answer in
 * time, answered without a GraphQL body, or its breaker is open. `SUBGRAPH_UNAVAILABLE`.
 */
export class SubgraphUnavailableError extends GraphQLError {
  constructor(subgraphName: string, reason: string) {
    super(`The ${subgraphName} service ${reason}; its part of the answer is missing`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: subgraphName },
    });
  }
}

/** A subgraph that did not answer within the request's deadline. */
export class SubgraphTimeoutError extends SubgraphUnavailableError {
  constructor(subgraphName: string, timeoutMs: number) {
    super(subgraphName, `did not answer within ${timeoutMs} ms`);
  }
}

interface Transport {
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

interface InFlight {
  answer: Promise<Sent>;
  sharedWith: number;
}

interface SubgraphBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * How the gateway calls a subgraph: over a pool of kept-alive connections (undici), with the
 * caller's bearer token (every subgraph checks it itself) and request id, within a deadline; a
 * subgraph that cannot be reached or does not answer in time becomes a clear error that names it.
 *
 * For the response cache it notes which service each answer used, and after a mutation it drops
 * the service's cached answers before the caller sees the mutation's result. The answers of the
 * subgraph requests of queries are cached too, under the same rules (docs/caching.md), so that an
 * answer recomputed after a change asks only the services that changed. Identical requests of
 * queries in flight at the same time (same document, variables and token) are sent once; each
 * caller gets its own copy of the answer, since the gateway merges into what it receives.
 *
 * A circuit breaker (opossum) guards each subgraph: after repeated timeouts or refused
 * connections (at least three requests in two seconds, half of them failed) its part of every
 * answer fails at once for `breakerResetMs`; then one request tries it again and closes the
 * breaker when it answers. Only requests that got no answer count: a refusal is an answer.
 */
export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, InFlight>();
  /** Raised by every mutation sent here: requests begun before it are not shared after it. */
  private generation = 0;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly breaker: CircuitBreaker<[Transport], { status: number; text: string }>;

  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly settings: SubgraphCallSettings,
    /** The service behind it (several city-owned instances are one service). */
    private readonly service: string = subgraphName,
  ) {
    const target = new URL(url);
    this.path = `${target.pathname}${target.search}`;
    this.pool = new Pool(target.origin, { connections: 64, keepAliveTimeout: 30_000 });
    this.breaker = new CircuitBreaker((call: Transport) => this.transport(call), {
      // The deadline is the request's own (AbortSignal), per kind of operation.
      timeout: false,
      resetTimeout: settings.breakerResetMs,
      // A short window: under steady traffic a hang opens the breaker within about a second
      // (the successes before it age out quickly).
      rollingCountTimeout: 2000,
      volumeThreshold: 3,
      // transport() throws only TransportFailure: every failure it reports counts.
      errorThresholdPercentage: 50,
    });
  }

  /** Whether the breaker is open (the subgraph is not asked now). */
  get breakerOpen(): boolean {
    return this.breaker.opened;
  }

  async process(options: Options): Promise<GatewayGraphQLResponse> {
    const context = options.context;
    context?.cacheTicket?.services.add(this.service);
    const operation =
      'incomingRequestContext' in options
        ? options.incomingRequestContext.operation?.operation
        : undefined;
    if (operation === 'mutation') {
      try {
        return (await this.send(options, true)).response;
      } finally {
        this.generation += 1;
        context?.responseCache?.invalidate(this.service);
      }
    }
    if (operation !== 'query') return (await this.send(options)).response;
    const cache = context?.responseCache;
    const stored =
      cache && context?.cacheScope
        ? cacheKey([
            'fetch',
            // The instance, not the service: city-owned instances answer the same request differently.
            this.subgraphName,
            context.cacheScope,
            options.request.query ?? '',
            options.request.variables ?? {},
          ])
        : null;
    if (cache && stored) {
      const body = cache.lookup(stored);
      cache.count(body !== undefined, 'fetch');
      if (body !== undefined) return JSON.parse(body) as GatewayGraphQLResponse;
    }
    const snapshot = cache?.snapshot();
    const key = JSON.stringify([
      this.generation,
      context?.authorization ?? '',
      options.request.query,
      options.request.variables ?? null,
    ]);
    const shared = this.inFlight.get(key);
    if (shared) {
      shared.sharedWith += 1;
      return structuredClone((await shared.answer).response);
    }
    const flight: InFlight = { answer: this.send(options), sharedWith: 0 };
    this.inFlight.set(key, flight);
    try {
      const { response, keep } = await flight.answer;
      if (cache && stored && snapshot) {
        if (keep !== null) cache.store(stored, keep, [this.service], snapshot);
        else cache.skip();
      }
      return flight.sharedWith > 0 ? structuredClone(response) : response;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Closes the kept-alive connections. */
  async close(): Promise<void> {
    this.breaker.shutdown();
    await this.pool.close();
  }

  /** One HTTP request to the subgraph; no answer within the deadline is a TransportFailure. */
  private async transport({ body, headers, timeoutMs }: Transport) {
    try {
      const response = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      if ((error as Error)?.name === 'TimeoutError')
        throw new TransportFailure(`did not answer within ${timeoutMs} ms`, timeoutMs);
      throw new TransportFailure('is not reachable');
    }
  }

  private async send({ request, context }: Options, mutation = false): Promise<Sent> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context?.authorization) headers.authorization = context.authorization;
    if (context?.requestId) headers['x-request-id'] = context.requestId;
    let status: number;
    let text: string;
    const measured = this.settings.timer?.startTimer({ subgraph: this.subgraphName });
    try {
      ({ status, text } = await this.breaker.fire({
        headers,
        body: JSON.stringify({
          query: request.query,
          variables: request.variables,
          operationName: request.operationName,
        }),
        timeoutMs: mutation ? this.settings.mutationTimeoutMs : this.settings.queryTimeoutMs,
      }));
    } catch (error) {
      measured?.({ outcome: 'unavailable' });
      if (error instanceof TransportFailure)
        throw error.timeoutMs === undefined
          ? this.unavailable(error.reason)
          : new SubgraphTimeoutError(this.subgraphName, error.timeoutMs);
      if ((error as { code?: string }).code === 'EOPENBREAKER')
        throw this.unavailable(
          `failed repeatedly and is not asked for ${Math.round(this.settings.breakerResetMs / 1000)} s`,
        );
      throw error;
    }
    let body: SubgraphBody;
    try {
      body = JSON.parse(text) as SubgraphBody;
    } catch {
      measured?.({ outcome: 'unavailable' });
      throw this.unavailable(`answered HTTP ${status} without a GraphQL body`);
    }
    measured?.({ outcome: status < 300 && !body.errors?.length ? 'ok' : 'error' });
    if (status >= 200 && status < 300)
      return { response: body, keep: body.errors?.length ? null : text };
    // A refusal (401 for a bad token, 403 when a field was refused) is a GraphQL answer too:
    // its errors, and whatever data came with them, go into the answer as they are.
    if (body && typeof body === 'object' && (body.errors?.length || body.data))
      return { response: body, keep: null };
    throw this.unavailable(`answered HTTP ${status}`);
  }

  private unavailable(reason: string): SubgraphUnavailableError {
    return new SubgraphUnavailableError(this.subgraphName, reason);
  }
}
