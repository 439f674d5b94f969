import type express from 'express';
import { Kind, parse, type DocumentNode } from 'graphql';
import type { Principal, TokenVerifier } from '@jobcenter/auth';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

/** Whether a document asks only for the schema (what Apollo Sandbox and codegen load first). */
export function introspectionOnly(document: DocumentNode): boolean {
  const operations = document.definitions.filter(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return (
    operations.length > 0 &&
    operations.every((operation) =>
      operation.selectionSet.selections.every(
        (selection) =>
          selection.kind === Kind.FIELD && INTROSPECTION_FIELDS.has(selection.name.value),
      ),
    )
  );
}

function queryOf(req: express.Request): string | undefined {
  const body = req.body as { query?: unknown } | undefined;
  if (req.method === 'POST' && body && typeof body.query === 'string') return body.query;
  if (req.method === 'GET' && typeof req.query.query === 'string') return req.query.query;
  return undefined;
}

function refuse(res: express.Response, message: string, challenge: string): void {
  res
    .status(401)
    .set('www-authenticate', challenge)
    .json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/**
 * Every operation at the gateway needs a valid bearer token: without one, or with a bad one, the
 * answer is HTTP 401 with `UNAUTHENTICATED` and the reason, before anything is planned. Outside
 * production an operation that asks only for the schema may come without a token (Apollo
 * Sandbox, codegen); in production introspection is off anyway. A GET without a query (the
 * landing page) passes. The verified principal is kept in `res.locals.principal`.
 */
export function requireToken(
  verifyToken: TokenVerifier,
  { production }: { production: boolean },
): express.RequestHandler {
  return async (req, res, next) => {
    const query = queryOf(req);
    if (query === undefined) return next();
    const header = req.header('authorization');
    let principal: Principal | null;
    try {
      principal = await verifyToken(header);
    } catch (error) {
      return refuse(res, (error as Error).message, 'Bearer error="invalid_token"');
    }
    if (!principal) {
      if (!production) {
        let document: DocumentNode | undefined;
        try {
          document = parse(query);
        } catch {
          // Apollo answers a syntax error itself.
        }
        if (!document || introspectionOnly(document)) return next();
      }
      return refuse(
        res,
        'Sign in: every request needs the header "Authorization: Bearer <token>"',
        'Bearer',
      );
    }
    res.locals.principal = principal;
    next();
  };
}
