import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import compression from 'compression';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Logger } from '@jobcenter/logger';
import { Metrics } from '@jobcenter/observability';
import { metricsRoute } from '@jobcenter/subgraph-server';
import { developmentSignInServed, type DashboardConfig } from './config';
import { developmentToken } from './development-token';

export {
  loadDashboardConfig,
  dashboardEnv,
  developmentSignInServed,
  type DashboardConfig,
} from './config';

export interface RunningDashboard {
  url: string;
  stop: () => Promise<void>;
}

/** Paths passed to the gateway as they are: the graph and the subgraphs' downloads. */
const GATEWAY_PATHS = ['/graphql', '/reports'];

/**
 * Serves the built page, passes `/graphql` and `/reports/...` to the gateway (one origin for the
 * page, so the gateway needs no CORS), serves its Prometheus metrics on `/metrics`, and, outside
 * production, mints development tokens for the page's sign-in at `POST /auth/development-token`.
 */
export async function startDashboardServer(
  config: DashboardConfig,
  logger: Logger,
): Promise<RunningDashboard> {
  const index = join(config.STATIC_DIR, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`No built page at ${index}: build the dashboard first (npm run build)`);
  }
  const development = developmentSignInServed(config);
  if (!development && config.NODE_ENV !== 'production' && config.DEVELOPMENT_SIGN_IN === 'auto')
    logger.warn(
      { host: config.HOST },
      'development sign-in off: the dashboard listens beyond loopback (DEVELOPMENT_SIGN_IN=on serves it there)',
    );
  const metrics = new Metrics();
  const unreachable = metrics.counter({
    name: 'dashboard_gateway_unreachable_total',
    help: 'Requests of the page to /graphql or /reports the dashboard could not pass to the gateway (answered 502)',
  });
  const app = express();
  app.disable('x-powered-by');
  // gzip for the page's files and the gateway's answers alike.
  app.use(compression());
  app.use(
    createProxyMiddleware({
      target: config.GATEWAY_URL,
      changeOrigin: true,
      pathFilter: GATEWAY_PATHS,
      on: {
        error: (error, _req, res) => {
          unreachable.inc();
          logger.warn({ err: error }, 'gateway not reachable');
          if ('writeHead' in res && !res.headersSent) {
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                errors: [
                  {
                    message: 'The gateway is not reachable',
                    extensions: { code: 'GATEWAY_UNAVAILABLE' },
                  },
                ],
              }),
            );
          }
        },
      },
    }),
  );
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'dashboard' });
  });
  metricsRoute(app, metrics);
  app.get('/auth/config', (_req, res) => {
    res.json({ developmentSignIn: development, signInUrl: config.SIGN_IN_URL ?? null });
  });
  if (development) {
    app.post('/auth/development-token', express.json({ limit: '4kb' }), async (req, res) => {
      const answer = await developmentToken(req.body, config);
      res.status('token' in answer ? 200 : 400).json(answer);
    });
  }
  // Hashed file names: cached for a year; the page itself is always asked for anew.
  app.use(
    '/assets',
    express.static(join(config.STATIC_DIR, 'assets'), { immutable: true, maxAge: '365d' }),
  );
  app.use(express.static(config.STATIC_DIR, { index: false, maxAge: 0 }));
  app.get(/^\/(?!assets\/|auth\/).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.info({ url, gateway: config.GATEWAY_URL, development }, 'dashboard ready');
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
