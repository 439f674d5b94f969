import { createHash } from 'node:crypto';
import type express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Principal, TokenVerifier } from '@jobcenter/auth';
import type { ResponseCache, Versions } from './response-cache';

/** What a request that may be stored carries from the lookup to the end of its execution. */
export interface CacheTicket {
  key: string;
  snapshot: Versions;
  /** The services its subgraph fetches went to. */
  services: Set<string>;
}

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

/**
 * The permission scope of an answer: everything of the verified token that a subgraph may decide
 * on (subject, roles, city, name). Two callers share answers only when all of it is equal.
 */
function scopeOf(principal: Principal): string {
  return JSON.stringify([
    principal.subject,
    [...principal.roles].sort(),
    principal.city ?? null,
    principal.name ?? null,
  ]);
}

/** Object keys sorted at every level, so that `{a, b}` and `{b, a}` make one key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A key for the cache from its parts (strings as they are, anything else canonical JSON). */
export function cacheKey(parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts)
    hash.update(typeof part === 'string' ? part : canonical(part)).update('\0');
  return hash.digest('base64url');
}

const keyOf = (scope: string, body: GraphQLBody): string =>
  cacheKey([
    'response',
    scope,
    String(body.query),
    typeof body.operationName === 'string' ? body.operationName : '',
    body.variables ?? {},
    body.extensions ?? {},
  ]);

/**
 * Serves stored answers before Apollo runs: a POST of one operation with a valid token whose
 * answer is stored and current is sent as it is (`x-cache: hit`). Identical requests arriving
 * while the first is computed wait for it and take its answer. Everything else goes on to Apollo
 * with a ticket, so that its answer can be stored (see `responseCachePlugin`). Requests without a
 * valid token are never served from the cache: Apollo answers them with the error.
 */
export function responseCacheLookup(
  cache: ResponseCache,
  verifyToken: TokenVerifier,
): express.RequestHandler {
  const computing = new Map<string, Promise<void>>();
  return async (req, res, next) => {
    const body = req.body as GraphQLBody | undefined;
    if (req.method !== 'POST' || !body || Array.isArray(body) || typeof body.query !== 'string')
      return next();
    // The gateway's token check (requireToken) ran before and kept what it verified.
    let principal = (res.locals.principal as Principal | undefined) ?? null;
    if (!principal) {
      try {
        principal = await verifyToken(req.header('authorization'));
      } catch {
        return next();
      }
    }
    if (!principal) return next();
    const scope = scopeOf(principal);
    res.locals.cacheScope = scope;
    const key = keyOf(scope, body);
    // `Cache-Control: no-cache`: computed anew (and stored for others), never served from the cache.
    const fresh = /\bno-cache\b/i.test(req.header('cache-control') ?? '');
    let answer = fresh ? undefined : cache.lookup(key);
    if (answer === undefined && !fresh && computing.has(key)) {
      await computing.get(key);
      answer = cache.lookup(key);
    }
    if (!fresh) cache.count(answer !== undefined, 'response');
    if (answer !== undefined) {
      res
        .status(200)
        .set('content-type', 'application/json; charset=utf-8')
        .set('x-cache', 'hit')
        .send(answer);
      return;
    }
    // A caller that went away meanwhile computes nothing others could wait for.
    if (!computing.has(key) && !res.closed) {
      let done = () => {};
      computing.set(key, new Promise<void>((resolve) => (done = resolve)));
      res.once('close', () => {
        computing.delete(key);
        done();
      });
    }
    const ticket: CacheTicket = { key, snapshot: cache.snapshot(), services: new Set() };
    res.locals.cacheTicket = ticket;
    next();
  };
}

/**
 * Stores the answers of queries that carry a ticket and came without errors, marked with the
 * services they were computed from; mutations and errors are never stored.
 */
export function responseCachePlugin<TContext extends { cacheTicket?: CacheTicket }>(
  cache: ResponseCache,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response, operation }) {
          const ticket = contextValue.cacheTicket;
          if (!ticket) return;
          const body = response.body;
          const storable =
            operation?.operation === 'query' &&
            body.kind === 'single' &&
            !body.singleResult.errors?.length &&
            (response.http.status ?? 200) === 200;
          const stored =
            storable &&
            cache.store(
              ticket.key,
              JSON.stringify(body.singleResult),
              ticket.services,
              ticket.snapshot,
            );
          if (!storable) cache.skip();
          response.http.headers.set('x-cache', stored ? 'miss, stored' : 'miss');
        },
      };
    },
  };
}
