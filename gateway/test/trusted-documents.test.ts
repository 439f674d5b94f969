import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { loadTrustedDocuments, trustedDocumentsOnly } from '../src/trusted-documents';

/**
 * Trusted-documents mode: only registered operations run, named by documentId, by Apollo's
 * persisted-query hash, or sent as registered; everything else is refused before parsing.
 */
const OVERVIEW = 'query Overview { districts { id name } }';
const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function manifest(entries: Record<string, string>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'trusted-')), 'persisted-documents.json');
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

describe('trusted documents', () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    // Stands in for Apollo: answers with the document it would execute.
    app.use(
      '/graphql',
      express.json(),
      trustedDocumentsOnly(loadTrustedDocuments(manifest({ [hash(OVERVIEW)]: OVERVIEW }))),
      (req, res) => {
        res.json({ executed: (req.body as { query: string }).query });
      },
    );
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = async (body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('runs a registered operation however it is named', async () => {
    for (const body of [
      { documentId: `sha256:${hash(OVERVIEW)}` },
      { documentId: hash(OVERVIEW) },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hash(OVERVIEW) } } },
      { query: OVERVIEW },
    ])
      expect(await post(body)).toEqual({ status: 200, body: { executed: OVERVIEW } });
  });

  it('refuses everything else before parsing it', async () => {
    for (const body of [
      { query: '{ employees { name } }' },
      { query: `${OVERVIEW} ` },
      { documentId: 'sha256:0000' },
      {},
    ]) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        errors: [
          {
            message: expect.stringMatching(/^Only registered operations run here/),
            extensions: { code: 'OPERATION_NOT_TRUSTED' },
          },
        ],
      });
    }
    const get = await fetch(`${url}?query=${encodeURIComponent(OVERVIEW)}`);
    expect(get.status).toBe(400);
  });

  it('refuses to start on a manifest that is not one', () => {
    expect(() => loadTrustedDocuments(manifest({ [hash('x')]: OVERVIEW }))).toThrow(
      /is not the hash of its document/,
    );
    expect(() => loadTrustedDocuments(manifest({ 'not-a-hash': OVERVIEW }))).toThrow(
      /is not "<sha256>": "<document>"/,
    );
    expect(() => loadTrustedDocuments('/nonexistent/manifest.json')).toThrow(
      /TRUSTED_DOCUMENTS_PATH \/nonexistent\/manifest.json/,
    );
  });
});
