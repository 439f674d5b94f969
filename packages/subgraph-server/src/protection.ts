import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  type GraphQLFormattedError,
  type ValidationContext,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * How much one operation may ask for. Each limit is enforced by GraphQL Armor before execution;
 * an operation over one is refused with `QUERY_TOO_COMPLEX` (HTTP 400), naming the limit.
 */
export interface OperationLimits {
  /** Deepest nesting of fields. */
  depth: number;
  /** Most aliases (a flood of aliases runs one field many times). */
  aliases: number;
  /** Most directives. */
  directives: number;
  /** Most tokens of the document (counted while it is parsed, before anything else). */
  tokens: number;
  /** Most cost: each object field 2, each scalar 1, deeper fields weighted more (Armor's model). */
  cost: number;
}

/** What the gateway allows a client (every limit configurable there, docs/production.md). */
export const GATEWAY_LIMITS: OperationLimits = {
  depth: 10,
  aliases: 15,
  directives: 50,
  tokens: 2000,
  cost: 5000,
};

/**
 * What a subgraph allows: room for the operations the gateway plans from what it let through
 * (entity fetches add `_entities` and `__typename`), and nothing like a flood sent straight to it.
 */
export const SUBGRAPH_LIMITS: OperationLimits = {
  depth: 14,
  aliases: 30,
  directives: 60,
  tokens: 5000,
  cost: 10_000,
};

export interface ProtectionOptions {
  limits: OperationLimits;
  /**
   * Production: no introspection and no "Did you mean ..." suggestions (they disclose the
   * schema). Development keeps both for Apollo Sandbox and codegen.
   */
  production: boolean;
}

const WHAT: Record<keyof OperationLimits, (found: string, max: number) => string> = {
  depth: (found, max) =>
    `The operation is nested ${found} levels deep; at most ${max} are allowed.`,
  aliases: (found, max) => `The operation uses ${found} aliases; at most ${max} are allowed.`,
  directives: (found, max) => `The operation uses ${found} directives; at most ${max} are allowed.`,
  tokens: (_found, max) => `The document has more than ${max} tokens; ask in smaller parts.`,
  cost: (found, max) =>
    `The operation costs ${found}; at most ${max} is allowed. Ask for fewer fields at a time.`,
};

/** Armor's messages carry what it found ("... exceeded, found 12."); the rest is said here. */
function refusal(limit: keyof OperationLimits, max: number, armorMessage: string): GraphQLError {
  const found = /found (\d+(?:\.\d+)?)/.exec(armorMessage)?.[1];
  const rounded = found === undefined ? 'more' : String(Math.ceil(Number(found)));
  return new GraphQLError(WHAT[limit](rounded, max), {
    extensions: {
      code: 'QUERY_TOO_COMPLEX',
      limit,
      max,
      ...(found === undefined ? {} : { found: Number(rounded) }),
      http: { status: 400 },
    },
  });
}

const reporter =
  (limit: keyof OperationLimits, max: number) =>
  (context: ValidationContext | null, error: GraphQLError) => {
    // The token limit runs in the parser (no validation context): it throws, see below.
    context?.reportError(refusal(limit, max, error.message));
  };

/**
 * Production: validation errors do not suggest other fields or types ("Did you mean ...?"), which
 * would disclose the schema piece by piece.
 */
function noSuggestions(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors)
            (error as { message: string }).message = error.message.replace(
              / ?Did you mean [^?]*\?/g,
              '',
            );
        },
      };
    },
  };
}

/**
 * The Apollo Server options that harden one endpoint (gateway or subgraph): GraphQL Armor's
 * depth, alias, directive, token and cost limits, no batched requests, and in production no
 * introspection and no field suggestions.
 */
export function protection({ limits, production }: ProtectionOptions) {
  const armor = new ApolloArmor({
    maxDepth: {
      n: limits.depth,
      onReject: [reporter('depth', limits.depth)],
      propagateOnRejection: false,
    },
    maxAliases: {
      n: limits.aliases,
      onReject: [reporter('aliases', limits.aliases)],
      propagateOnRejection: false,
    },
    maxDirectives: {
      n: limits.directives,
      onReject: [reporter('directives', limits.directives)],
      propagateOnRejection: false,
    },
    costLimit: {
      maxCost: limits.cost,
      onReject: [reporter('cost', limits.cost)],
      propagateOnRejection: false,
    },
    // Tokens are counted before Apollo sees the request (tokenLimit): Armor's parser hook can
    // only throw, which Apollo answers as an internal error.
    maxTokens: { enabled: false },
    // Suggestions are removed by noSuggestions (Armor's mask leaves a stray "?").
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules, allowBatchedHttpRequests } = armor.protect();
  return {
    plugins: [...(plugins as ApolloServerPlugin[]), ...(production ? [noSuggestions()] : [])],
    validationRules,
    allowBatchedHttpRequests,
    introspection: !production,
    // No automatic persisted queries: a request naming a document by hash would come past the
    // checks that read the document (trusted documents map hashes themselves).
    persistedQueries: false as const,
    includeStacktraceInErrorResponses: false,
  };
}

/**
 * Puts the errors of a refused request in the documented scheme (docs/errors.md):
 * - an operation over a limit is `QUERY_TOO_COMPLEX` with `limit` and `max` (Apollo reports
 *   validation errors as GRAPHQL_VALIDATION_FAILED);
 * - a variable that could not be coerced (a string where an Int belongs, a missing required
 *   field) is `BAD_USER_INPUT` with `field`, the path in the variables, e.g.
 *   `input.figures.benefitHouseholds`, as domain errors name theirs.
 */
export function clientError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.limit && formatted.extensions.code === 'GRAPHQL_VALIDATION_FAILED') {
    const { http: _http, ...extensions } = formatted.extensions;
    return { ...formatted, extensions: { ...extensions, code: 'QUERY_TOO_COMPLEX' } };
  }
  if (formatted.extensions?.code !== 'BAD_USER_INPUT' || formatted.extensions.field)
    return formatted;
  const variable = /^Variable "\$([\w]+)"/.exec(formatted.message)?.[1];
  if (!variable) return formatted;
  let field = /got invalid value .*? at "([^"]+)"/.exec(formatted.message)?.[1] ?? variable;
  const inner =
    /Field "(\w+)" (?:of required type "[^"]+" was not provided|is not defined by type)/.exec(
      formatted.message,
    )?.[1];
  if (inner) field = `${field}.${inner}`;
  return { ...formatted, extensions: { ...formatted.extensions, field } };
}

/** Counts the tokens of a document, stopping past `max`; a lexing error ends the count (Apollo reports it). */
function tokensOver(query: string, max: number): boolean {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++count > max) return true;
  } catch {
    return false;
  }
  return false;
}

/**
 * The token limit, before the request reaches Apollo (or the gateway's cache): a document of
 * more than `max` tokens is refused with `QUERY_TOO_COMPLEX` (HTTP 400) without being parsed.
 * Documents seen before within the limit are not counted again. Operations come by POST only
 * (see postOnly).
 */
export function tokenLimit(max: number): express.RequestHandler {
  // Bounded by bytes, and only documents of a usual size are kept (a document of comments and
  // strings is large but has few tokens).
  const within = new LRUCache<string, true>({
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (_value, key) => key.length,
  });
  return (req, res, next) => {
    const query = (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query !== 'string' || within.has(query)) return next();
    if (tokensOver(query, max)) {
      res.status(400).json({
        errors: [
          {
            message: WHAT.tokens('', max),
            extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max },
          },
        ],
      });
      return;
    }
    if (query.length <= 64 * 1024) within.set(query, true);
    next();
  };
}

/**
 * The JSON body of `/graphql`, at most `limit`: a body that is not JSON is refused with
 * `BAD_REQUEST` (HTTP 400) and one over the limit with `PAYLOAD_TOO_LARGE` (HTTP 413), as JSON
 * like every other answer (Express would answer with an HTML page). A batch (an array of
 * operations) is refused with `BAD_REQUEST`.
 */
export function jsonBody(limit = '1mb'): express.RequestHandler[] {
  const parse = express.json({ limit });
  const refused: express.ErrorRequestHandler = (error, _req, res, next) => {
    const failure = error as { type?: string; status?: number; message?: string };
    if (failure.type === 'entity.too.large')
      return void res.status(413).json({
        errors: [
          {
            message: `The request body is larger than ${limit}`,
            extensions: { code: 'PAYLOAD_TOO_LARGE' },
          },
        ],
      });
    if (failure.status && failure.status >= 400 && failure.status < 500)
      return void res.status(400).json({
        errors: [
          {
            message: `The request body is not valid JSON: ${failure.message ?? 'unreadable'}`,
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    next(error);
  };
  const oneOperation: express.RequestHandler = (req, res, next) => {
    if (!Array.isArray(req.body)) return next();
    res.status(400).json({
      errors: [
        {
          message: 'Batched requests are not accepted: send one operation per request',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  };
  return [parse, refused as unknown as express.RequestHandler, oneOperation];
}

/**
 * Operations come by POST only: a GET with a query string is refused with 405 before anything
 * reads it (every check here reads the POST body; a GET would be parsed by Apollo from the URL,
 * past them). A GET without one (Apollo's landing page) passes.
 */
export function postOnly(): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'GET' || !req.originalUrl.includes('?')) return next();
    res
      .status(405)
      .set('allow', 'POST')
      .json({
        errors: [
          {
            message: 'Send operations by POST (application/json); GET is not accepted',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
  };
}
