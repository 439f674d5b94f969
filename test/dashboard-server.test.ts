import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier } from '@jobcenter/auth';
import { createLogger } from '@jobcenter/logger';
import {
  developmentSignInServed,
  loadDashboardConfig,
  startDashboardServer,
  type RunningDashboard,
} from '../apps/dashboard/server/server';

/**
 * The dashboard's server on its own: development tokens only outside production, bad sign-in
 * input refused by field, `/graphql` passed to the gateway with the caller's token, a gateway that
 * is down named, and the page's files cached by their hashed names only.
 */
const logger = createLogger('dashboard-server-test', 'silent');
const verify = createTokenVerifier({ issuer: 'jobcenter-dev', audience: 'jobcenter-graph' });

function builtPage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-page-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Dashboard</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

/** Stands in for the gateway: answers what it was sent, with the authorization it got. */
async function echoGateway() {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: { path: req.url, authorization: req.headers.authorization ?? null, body },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the dashboard’s server', () => {
  const page = builtPage();
  let gateway: Awaited<ReturnType<typeof echoGateway>>;
  let development: RunningDashboard;
  let production: RunningDashboard;

  beforeAll(async () => {
    gateway = await echoGateway();
    development = await startDashboardServer(
      loadDashboardConfig({
        NODE_ENV: 'test',
        PORT: '0',
        GATEWAY_URL: gateway.url,
        STATIC_DIR: page,
      }),
      logger,
    );
    production = await startDashboardServer(
      loadDashboardConfig({
        NODE_ENV: 'production',
        PORT: '0',
        GATEWAY_URL: gateway.url,
        STATIC_DIR: page,
        SIGN_IN_URL: 'https://login.example/authorize?client_id=dashboard',
      }),
      logger,
    );
  });
  afterAll(async () => {
    await development?.stop();
    await production?.stop();
    await gateway?.stop();
  });

  const signIn = (url: string, body: unknown) =>
    fetch(`${url}/auth/development-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('mints a development token for a role and city that the services accept', async () => {
    const answer = await signIn(development.url, { role: 'city_staff', city: 'marl' });
    expect(answer.status).toBe(200);
    const { token } = (await answer.json()) as { token: string };
    expect(await verify(`Bearer ${token}`)).toEqual({
      subject: 'dashboard-city_staff-marl',
      roles: ['city_staff'],
      city: 'marl',
      name: undefined,
    });
    const chair = (await (
      await signIn(development.url, { role: 'board_chair', subject: 'landrat' })
    ).json()) as { token: string };
    expect((await verify(`Bearer ${chair.token}`))!.subject).toBe('landrat');
  });

  it('refuses sign-in input that is wrong, naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ role: 'city_staff' }, 'city', /a city role needs a city/],
      [{ role: 'mayor' }, 'role', /^role: /],
      [{ role: 'county_staff', city: 'bochum' }, 'city', /^city: /],
      [{ role: 'board_chair', subject: 'Landrat Berger' }, 'subject', /lower-case letters/],
    ];
    for (const [body, field, message] of cases) {
      const answer = await signIn(development.url, body);
      expect(answer.status).toBe(400);
      const refusal = (await answer.json()) as { error: string; field: string };
      expect(refusal.field).toBe(field);
      expect(refusal.error).toMatch(message);
    }
  });

  it('has no development sign-in in production, and says where to sign in instead', async () => {
    expect((await signIn(production.url, { role: 'board_chair' })).status).toBe(404);
    expect(await (await fetch(`${production.url}/auth/config`)).json()).toEqual({
      developmentSignIn: false,
      signInUrl: 'https://login.example/authorize?client_id=dashboard',
    });
    expect(await (await fetch(`${development.url}/auth/config`)).json()).toEqual({
      developmentSignIn: true,
      signInUrl: null,
    });
  });

  it('serves the development sign-in beyond loopback only when told to, and never in production', async () => {
    const served = (env: Record<string, string>) =>
      developmentSignInServed(loadDashboardConfig({ STATIC_DIR: page, ...env }));
    expect(served({})).toBe(true);
    expect(served({ HOST: '::1' })).toBe(true);
    expect(served({ HOST: '0.0.0.0' })).toBe(false);
    expect(served({ HOST: '0.0.0.0', DEVELOPMENT_SIGN_IN: 'on' })).toBe(true);
    expect(served({ DEVELOPMENT_SIGN_IN: 'off' })).toBe(false);
    expect(served({ NODE_ENV: 'production' })).toBe(false);
    expect(() =>
      loadDashboardConfig({ NODE_ENV: 'production', DEVELOPMENT_SIGN_IN: 'on' }),
    ).toThrow(/DEVELOPMENT_SIGN_IN: the development sign-in is never served in production/);

    const exposed = await startDashboardServer(
      loadDashboardConfig({
        HOST: '0.0.0.0',
        PORT: '0',
        GATEWAY_URL: gateway.url,
        STATIC_DIR: page,
      }),
      logger,
    );
    try {
      expect((await signIn(exposed.url, { role: 'board_chair' })).status).toBe(404);
      expect(await (await fetch(`${exposed.url}/auth/config`)).json()).toMatchObject({
        developmentSignIn: false,
      });
    } finally {
      await exposed.stop();
    }
  });

  it('passes /graphql and /reports to the gateway with the caller’s token', async () => {
    const graph = await fetch(`${development.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc' },
      body: JSON.stringify({ query: '{ units { id } }' }),
    });
    expect(await graph.json()).toEqual({
      data: {
        path: '/graphql',
        authorization: 'Bearer abc',
        body: JSON.stringify({ query: '{ units { id } }' }),
      },
    });
    const report = await fetch(`${development.url}/reports/budget/2026.csv?quarter=4`, {
      headers: { authorization: 'Bearer abc' },
    });
    expect(((await report.json()) as { data: { path: string } }).data.path).toBe(
      '/reports/budget/2026.csv?quarter=4',
    );
  });

  it('names the gateway when it is not reachable', async () => {
    const orphan = await startDashboardServer(
      loadDashboardConfig({ PORT: '0', GATEWAY_URL: 'http://127.0.0.1:9', STATIC_DIR: page }),
      logger,
    );
    try {
      const answer = await fetch(`${orphan.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(answer.status).toBe(502);
      expect(await answer.json()).toEqual({
        errors: [
          {
            message: 'The gateway is not reachable',
            extensions: { code: 'GATEWAY_UNAVAILABLE' },
          },
        ],
      });
    } finally {
      await orphan.stop();
    }
  });

  it('serves Prometheus metrics on /metrics, counting requests it could not pass to the gateway', async () => {
    const scrape = async (url: string) => {
      const answer = await fetch(`${url}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return answer.text();
    };
    const orphan = await startDashboardServer(
      loadDashboardConfig({ PORT: '0', GATEWAY_URL: 'http://127.0.0.1:9', STATIC_DIR: page }),
      logger,
    );
    try {
      const before = await scrape(orphan.url);
      expect(before).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(before).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
      expect(before).toMatch(/^dashboard_gateway_unreachable_total 0$/m);
      for (const path of ['/graphql', '/reports/budget/2026.csv'])
        expect((await fetch(`${orphan.url}${path}`, { method: 'POST', body: '{}' })).status).toBe(
          502,
        );
      expect(await scrape(orphan.url)).toMatch(/^dashboard_gateway_unreachable_total 2$/m);
      // Production serves them as well (not the page); a reachable gateway counts nothing.
      await fetch(`${production.url}/graphql`, { method: 'POST', body: '{}' });
      expect(await scrape(production.url)).toMatch(/^dashboard_gateway_unreachable_total 0$/m);
    } finally {
      await orphan.stop();
    }
  });

  it('caches the hashed files for a year and asks for the page anew, on every path of the page', async () => {
    const asset = await fetch(`${development.url}/assets/index-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/vorstand', '/bezirksstelle/marl']) {
      const answer = await fetch(`${development.url}${path}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toContain('<title>Dashboard</title>');
    }
    expect((await fetch(`${development.url}/assets/missing.js`)).status).toBe(404);
  });

  it('refuses to start without the built page, saying how to build it', async () => {
    await expect(
      startDashboardServer(
        loadDashboardConfig({ PORT: '0', STATIC_DIR: join(tmpdir(), 'no-such-dashboard') }),
        logger,
      ),
    ).rejects.toThrow(
      /No built page at .*no-such-dashboard.*index\.html: build the dashboard first/,
    );
  });
});
