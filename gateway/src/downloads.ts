import type express from 'express';
import type { Logger } from '@jobcenter/logger';
import type { GatewayConfig } from './config';
import { SUBGRAPHS } from './subgraphs';

/**
 * Files a subgraph serves over plain HTTP beside its graph, reachable through the gateway:
 * `GET /reports/budget/{year}.csv?quarter=N` is the budget service's `GET /reports/{year}.csv`.
 */
const DOWNLOADS = [
  {
    path: '/reports/budget/:file',
    file: /^\d{4}\.csv$/,
    subgraph: 'budget',
    target: '/reports',
  },
];

/**
 * Forwards the downloads with the caller's `Authorization` and request id (the subgraph checks
 * the token itself) and passes status, type, file name and body back; a subgraph that cannot be
 * reached or does not answer in time gives 502 with `SUBGRAPH_UNAVAILABLE`.
 */
/** A service's base URL (its `/graphql` URL without the path), as the gateway is configured. */
export function serviceBase(config: GatewayConfig, name: string): string {
  const subgraph = SUBGRAPHS.find((candidate) => candidate.name === name)!;
  return (config[subgraph.urlVariable] ?? subgraph.defaultUrl).replace(/\/graphql$/, '');
}

/**
 * Passes a request on to a service with the caller's `Authorization` and request id, and its
 * answer back with `headers` copied; throws when the service cannot be reached in time.
 */
export async function passOn(
  req: express.Request,
  res: express.Response,
  url: string,
  { method = 'GET', headers, timeoutMs }: { method?: string; headers: string[]; timeoutMs: number },
): Promise<void> {
  const answer = await fetch(url, {
    method,
    headers: {
      ...(req.header('authorization') ? { authorization: req.header('authorization')! } : {}),
      ...(req.header('x-request-id') ? { 'x-request-id': req.header('x-request-id')! } : {}),
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
  res.status(answer.status);
  for (const header of headers) {
    const value = answer.headers.get(header);
    if (value) res.setHeader(header, value);
  }
  res.send(Buffer.from(await answer.arrayBuffer()));
}

export function forwardDownloads(app: express.Express, config: GatewayConfig, logger: Logger) {
  for (const download of DOWNLOADS) {
    const base = serviceBase(config, download.subgraph);
    app.get(download.path, async (req, res) => {
      // Only names of the download's form travel on, with the caller's token.
      if (!download.file.test(String(req.params.file))) {
        res.status(404).json({ errors: [{ message: `No such file: ${String(req.params.file)}` }] });
        return;
      }
      const query = new URLSearchParams(req.query as Record<string, string>).toString();
      const url = `${base}${download.target}/${encodeURIComponent(String(req.params.file))}${query ? `?${query}` : ''}`;
      try {
        await passOn(req, res, url, {
          headers: ['content-type', 'content-disposition'],
          timeoutMs: config.SUBGRAPH_DOWNLOAD_TIMEOUT_MS,
        });
      } catch (error) {
        logger.warn({ err: error, service: download.subgraph }, 'download failed');
        res.status(502).json({
          error: {
            code: 'SUBGRAPH_UNAVAILABLE',
            service: download.subgraph,
            message: `The ${download.subgraph} service is not reachable`,
          },
        });
      }
    });
  }
}
