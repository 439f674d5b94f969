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
export function forwardDownloads(app: express.Express, config: GatewayConfig, logger: Logger) {
  for (const download of DOWNLOADS) {
    const subgraph = SUBGRAPHS.find((candidate) => candidate.name === download.subgraph)!;
    const base = (config[subgraph.urlVariable] ?? subgraph.defaultUrl).replace(/\/graphql$/, '');
    app.get(download.path, async (req, res) => {
      // Only names of the download's form travel on, with the caller's token.
      if (!download.file.test(String(req.params.file))) {
        res.status(404).json({ errors: [{ message: `No such file: ${String(req.params.file)}` }] });
        return;
      }
      const query = new URLSearchParams(req.query as Record<string, string>).toString();
      const url = `${base}${download.target}/${encodeURIComponent(String(req.params.file))}${query ? `?${query}` : ''}`;
      try {
        const answer = await fetch(url, {
          headers: {
            ...(req.header('authorization') ? { authorization: req.header('authorization')! } : {}),
            ...(req.header('x-request-id') ? { 'x-request-id': req.header('x-request-id')! } : {}),
          },
          signal: AbortSignal.timeout(config.SUBGRAPH_DOWNLOAD_TIMEOUT_MS),
        });
        res.status(answer.status);
        for (const header of ['content-type', 'content-disposition']) {
          const value = answer.headers.get(header);
          if (value) res.setHeader(header, value);
        }
        res.send(Buffer.from(await answer.arrayBuffer()));
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
