import type express from 'express';
import type { Logger } from '@jobcenter/logger';
import type { GatewayConfig } from './config';
import { passOn, serviceBase } from './downloads';

/**
 * The OParl 1.1 API (docs/oparl.md) is governance's: `GET /oparl/v1/...` is passed to the
 * governance service as it came (the raw path and query, so that governance checks every part),
 * with the caller's `Authorization` and request id, and its answer is passed back. An unreachable
 * governance gives 502 as an OParl error object.
 */
export function forwardOparl(app: express.Express, config: GatewayConfig, logger: Logger) {
  const base = serviceBase(config, 'governance');
  const refuse = (res: express.Response, status: number, message: string) =>
    res
      .status(status)
      .setHeader('Access-Control-Allow-Origin', '*')
      .json({ type: 'https://schema.oparl.org/1.1/Error', message });
  app.use('/oparl/v1', async (req, res) => {
    // Read-only; and a path that climbs out of /oparl/v1 (dot segments, raw or encoded) would be
    // normalised by fetch into another path of governance.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return void refuse(res, 405, `The OParl API is read-only: ${req.method} is not allowed`);
    }
    const path = req.originalUrl.split('?')[0]!;
    if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(path))
      return void refuse(res, 400, 'The path may not contain "." or ".." segments');
    try {
      await passOn(req, res, `${base}${req.originalUrl}`, {
        method: req.method,
        headers: ['content-type', 'cache-control', 'vary', 'allow', 'access-control-allow-origin'],
        timeoutMs: config.SUBGRAPH_DOWNLOAD_TIMEOUT_MS,
      });
    } catch (error) {
      logger.warn({ err: error, service: 'governance' }, 'OParl request failed');
      refuse(res, 502, 'The governance service, which answers the OParl API, is not reachable');
    }
  });
}
