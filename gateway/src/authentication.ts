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

interface Body {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: unknown };
}

/**
 * The document a request runs, when it runs the text it sends (not a document named by hash or
 * id, which is looked up later and may be anything).
 */
function sentDocument(body: Body | undefined): string | undefined {
  if (!body || typeof body.query !== 'string') return undefined;
  if (body.documentId !== undefined || body.extensions?.persistedQuery !== undefined)
    return undefined;
  return body.query;
}

function refuse(res: express.Response, message: string, challenge: string): void {
  res
    .status(401)
    .set('www-authenticate', challenge)
    .json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
}

/**
 * Every request for an operation (every POST; operations come by POST only, see postOnly) needs a
 * valid bearer token: without one, or with a bad one, the answer is HTTP 401 with
 * `UNAUTHENTICATED` and the reason, before anything is planned. Outside production an operation
 * whose sent text asks only for the schema may come without a token (Apollo Sandbox, codegen);
 * in production introspection is off anyway. The verified principal is kept in
 * `res.locals.principal`.
 */
export function requireToken(
  verifyToken: TokenVerifier,
  { production }: { production: boolean },
): express.RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST') return next();
    const header = req.header('authorization');
    let principal: Principal | null;
    try {
      principal = await verifyToken(header);
    } catch (error) {
      return refuse(res, (error as Error).message, 'Bearer error="invalid_token"');
    }
    if (!principal) {
      const query = sentDocument(req.body as Body | undefined);
      if (!production && query !== undefined) {
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
