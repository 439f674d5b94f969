import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  SubgraphSource,
  SubgraphTimeoutError,
  SubgraphUnavailableError,
  type GatewayContext,
} from '../src/subgraph-source';

/**
 * A hung subgraph (it accepts connections and never answers, as a SIGSTOPped process does) costs
 * a request its deadline, and after repeated timeouts nothing: the breaker fails at once, then
 * lets one request through after its reset time and closes when the subgraph answers again.
 */
describe('the subgraph deadline and circuit breaker', () => {
  let hung = true;
  let asked = 0;
  const server = http.createServer((req, res) => {
    asked += 1;
    if (hung) return; // never answers
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { units: [{ id: 'marl' }] } }));
    });
  });
  let source: SubgraphSource;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    source = new SubgraphSource('districts (marl)', `http://127.0.0.1:${port}/graphql`, {
      queryTimeoutMs: 300,
      mutationTimeoutMs: 2000,
      breakerResetMs: 800,
    });
  });
  afterAll(async () => {
    await source.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const ask = async (query = '{ units { id } }') => {
    const started = performance.now();
    const options = {
      request: { query, variables: {} },
      context: {},
      incomingRequestContext: { operation: { operation: 'query' } },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
    try {
      return { answer: await source.process(options), ms: performance.now() - started };
    } catch (error) {
      return {
        error: error as Error & { extensions?: Record<string, unknown> },
        ms: performance.now() - started,
      };
    }
  };

  it('gives up at the deadline, then fails at once, and closes again when the subgraph answers', async () => {
    const timedOut = [];
    for (let n = 0; n < 3; n += 1) timedOut.push(await ask(`{ units { id } } # ${n}`));
    for (const attempt of timedOut) {
      expect(attempt.error).toBeInstanceOf(SubgraphTimeoutError);
      expect(attempt.error?.message).toBe(
        'The districts (marl) service did not answer within 300 ms; its part of the answer is missing',
      );
      expect(attempt.error?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        service: 'districts (marl)',
      });
      expect(attempt.ms).toBeGreaterThanOrEqual(290);
    }
    expect(source.breakerOpen).toBe(true);

    const askedBefore = asked;
    const open = await ask('{ units { id } } # open');
    expect(open.error?.message).toMatch(/failed repeatedly and is not asked for 1 s/);
    expect(open.error).toBeInstanceOf(SubgraphUnavailableError);
    expect(open.error).not.toBeInstanceOf(SubgraphTimeoutError);
    expect(open.error?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(open.ms).toBeLessThan(100);
    expect(asked).toBe(askedBefore); // not even a connection

    hung = false;
    // After the reset time one request is let through; it answers, and the breaker closes.
    const closed = await (async () => {
      for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
        const attempt = await ask(`{ units { id } } # ${Date.now()}`);
        if (attempt.answer) return attempt;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the breaker did not close');
    })();
    expect(closed.answer).toEqual({ data: { units: [{ id: 'marl' }] } });
    expect(source.breakerOpen).toBe(false);
  });
});
