import type express from 'express';
import type { Logger } from '@jobcenter/logger';
import type { GatewayConfig } from './config';
import { SUBGRAPHS } from './subgraphs';

/**
 * The OParl 1.1 API (docs/oparl.md) is governance's: `GET /oparl/v1/...` is passed to the
 * governance service as it came (the raw path and query, so that governance checks every part),
 * with the caller's `Authorization` and request id, and its answer is passed back. An unreachable
 * governance gives 502 as an OParl error object.
 */
export function forwardOparl(app: express.Express, config: GatewayConfig, logger: Logger) {
  const governance = SUBGRAPHS.find((subgraph) => subgraph.name === 'governance')!;
  const base = (config[governance.urlVariable] ?? governance.defaultUrl).replace(/\/graphql$/, '');
  app.use('/oparl/v1', async (req, res) => {
    try {
      const answer = await fetch(`${base}${req.originalUrl}`, {
        method: req.method === 'HEAD' ? 'HEAD' : req.method === 'GET' ? 'GET' : req.method,
        headers: {
          ...(req.header('authorization') ? { authorization: req.header('authorization')! } : {}),
          ...(req.header('x-request-id') ? { 'x-request-id': req.header('x-request-id')! } : {}),
        },
        signal: AbortSignal.timeout(config.SUBGRAPH_TIMEOUT_MS),
      });
      res.status(answer.status);
      for (const header of [
        'content-type',
        'cache-control',
        'vary',
        'allow',
        'access-control-allow-origin',
      ]) {
        const value = answer.headers.get(header);
        if (value) res.setHeader(header, value);
      }
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      logger.warn({ err: error, service: 'governance' }, 'OParl request failed');
      res.status(502).setHeader('Access-Control-Allow-Origin', '*').json({
        type: 'https://schema.oparl.org/1.1/Error',
        message: 'The governance service, which answers the OParl API, is not reachable',
      });
    }
  });
}
