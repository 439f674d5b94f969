import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type express from 'express';

/**
 * The trusted documents (persisted operations) of production: the only operations that may run.
 * The manifest is GraphQL Code Generator's client preset output (`persistedDocuments: true`):
 * `{ "<sha256 of the document>": "<document>" }`.
 */
export function loadTrustedDocuments(path: string): Map<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: ${(error as Error).message}`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest))
    throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: expected { "<sha256>": "<document>" }`);
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    if (typeof document !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
      throw new Error(
        `TRUSTED_DOCUMENTS_PATH ${path}: entry ${hash} is not "<sha256>": "<document>"`,
      );
    if (sha256(document) !== hash)
      throw new Error(
        `TRUSTED_DOCUMENTS_PATH ${path}: entry ${hash} is not the hash of its document`,
      );
    documents.set(hash, document);
  }
  return documents;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Body {
  query?: unknown;
  documentId?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

function refuse(res: express.Response, message: string): void {
  res.status(400).json({ errors: [{ message, extensions: { code: 'OPERATION_NOT_TRUSTED' } }] });
}

/**
 * Runs only registered operations. A request names one by `documentId` (GraphQL over HTTP's
 * persisted documents, `sha256:<hash>` or the bare hash) or by Apollo's
 * `extensions.persistedQuery.sha256Hash`, or sends a document that is registered as it is; the
 * gateway then executes the registered text. Anything else is refused with
 * `OPERATION_NOT_TRUSTED` (HTTP 400) before it is parsed.
 */
export function trustedDocumentsOnly(documents: Map<string, string>): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') {
      if (req.method === 'GET' && req.query.query !== undefined)
        return refuse(
          res,
          'Only registered operations run here; send them by POST with documentId',
        );
      return next();
    }
    const body = req.body as Body | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return next();
    const named =
      typeof body.documentId === 'string'
        ? body.documentId.replace(/^sha256:/, '')
        : typeof body.extensions?.persistedQuery?.sha256Hash === 'string'
          ? body.extensions.persistedQuery.sha256Hash
          : typeof body.query === 'string'
            ? sha256(body.query)
            : undefined;
    const document = named === undefined ? undefined : documents.get(named);
    if (document === undefined)
      return refuse(
        res,
        named === undefined
          ? 'Only registered operations run here; the request names none (documentId)'
          : `Only registered operations run here; ${named.slice(0, 16)}… is not one of them`,
      );
    req.body = { ...body, query: document, documentId: undefined, extensions: undefined };
    next();
  };
}
