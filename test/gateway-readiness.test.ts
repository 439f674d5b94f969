import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SUBGRAPHS, subgraphDefinitions, type RunningGateway } from '@jobcenter/gateway';
import type { DistrictsService } from '../services/districts/src/service';
import { startTestDistricts } from '../services/districts/test/support/districts';
import { startTestGateway } from './support/gateway';

/**
 * The gateway's `/ready` (supergraph loaded, every subgraph and districts instance reachable)
 * against a real districts service; the other subgraphs' URLs point at it too, or at a port
 * nothing listens on, or at a server that accepts and never answers.
 */
const origin = (url: string) => new URL(url).origin;

async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/graphql`;
}

describe('the gateway’s readiness', () => {
  let districts: DistrictsService;
  let hanging: http.Server;
  let hangingUrl: string;
  const gateways: RunningGateway[] = [];

  const gatewayWith = async (urls: Record<string, string>, env: Record<string, string> = {}) => {
    const gateway = await startTestGateway(subgraphDefinitions(urls), {
      RESPONSE_CACHE: 'off',
      ...urls,
      ...env,
    });
    gateways.push(gateway);
    return gateway;
  };
  const everySubgraphAt = (url: string) =>
    Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph.urlVariable, url]));
  const ready = async (gateway: RunningGateway) => {
    const response = await fetch(`${origin(gateway.url)}/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    districts = await startTestDistricts();
    hanging = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    hanging?.closeAllConnections();
    hanging?.close();
    await districts?.stop();
  });

  it('is ready when the supergraph is loaded and every subgraph answers', async () => {
    const gateway = await gatewayWith(everySubgraphAt(districts.url));
    expect(await ready(gateway)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        service: 'gateway',
        supergraph: 'loaded',
        subgraphs: { districts: 'ok', governance: 'ok', personnel: 'ok', budget: 'ok' },
      },
    });
  });

  it('answers 503 naming each subgraph that is missing, within the probe deadline, and stays live', async () => {
    const gateway = await gatewayWith({
      ...everySubgraphAt(districts.url),
      SUBGRAPH_PERSONNEL_URL: await closedPortUrl(),
      SUBGRAPH_BUDGET_URL: hangingUrl,
    });
    const started = Date.now();
    const { status, body } = await ready(gateway);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'not ready',
      supergraph: 'loaded',
      subgraphs: { districts: 'ok', governance: 'ok' },
      missing: [
        expect.stringMatching(/^personnel: http:\/\/127\.0\.0\.1:\d+\/health is not reachable$/),
        expect.stringMatching(
          /^budget: http:\/\/127\.0\.0\.1:\d+\/health did not answer within 1000 ms$/,
        ),
      ],
    });
    expect((await fetch(`${origin(gateway.url)}/health`)).status).toBe(200);
  });

  it('checks every districts instance a city runs, by its name', async () => {
    const marlUrl = await closedPortUrl();
    const gateway = await gatewayWith(everySubgraphAt(districts.url), {
      DISTRICTS_INSTANCES: JSON.stringify([
        { name: 'marl', url: marlUrl, districts: ['marl'] },
        { name: 'central', url: districts.url, districts: '*' },
      ]),
    });
    const { status, body } = await ready(gateway);
    expect(status).toBe(503);
    expect(body.subgraphs).toMatchObject({ 'districts/central': 'ok', governance: 'ok' });
    expect(body.missing).toEqual([`districts/marl: ${origin(marlUrl)}/health is not reachable`]);
  });
});
