import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSchema } from 'graphql';
import { clientError, jsonBody, protection, SUBGRAPH_LIMITS, tokenLimit } from '../src/protection';

/**
 * The hardening every endpoint shares, on a small schema: production answers no introspection
 * and suggests no fields; both modes refuse what is over a limit, batches and bodies that are not
 * JSON, with the documented codes.
 */
const schema = buildSchema(`
  type Query { district(id: ID!): District, districts: [District!]! }
  type District { id: ID!, name: String!, neighbours: [District!]! }
`);
const rootValue = {
  districts: () => [{ id: 'marl', name: 'Bezirksstelle Marl', neighbours: [] }],
};

async function serve(production: boolean) {
  const hardened = protection({ limits: { ...SUBGRAPH_LIMITS, depth: 4, aliases: 3 }, production });
  const apollo = new ApolloServer({ schema, rootValue, ...hardened, formatError: clientError });
  await apollo.start();
  const app = express();
  app.use('/graphql', ...jsonBody(), tokenLimit(50), expressMiddleware(apollo));
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (body: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: Record<string, unknown> }[];
      },
    };
  };
  return {
    ask: (query: string) => post(JSON.stringify({ query })),
    post,
    stop: async () => {
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the hardening of an endpoint', () => {
  let production: Awaited<ReturnType<typeof serve>>;
  let development: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    [production, development] = await Promise.all([serve(true), serve(false)]);
  });
  afterAll(async () => {
    await Promise.all([production?.stop(), development?.stop()]);
  });

  it('answers introspection in development only', async () => {
    const query = '{ __schema { queryType { name } } }';
    expect((await development.ask(query)).body.data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const refused = await production.ask(query);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
  });

  it('suggests no fields in production', async () => {
    const query = '{ distrcts { id } }';
    expect((await development.ask(query)).body.errors?.[0]?.message).toContain(
      'Did you mean "districts"',
    );
    const refused = await production.ask(query);
    expect(refused.body.errors?.[0]?.message).toBe(
      'Cannot query field "distrcts" on type "Query".',
    );
    expect(JSON.stringify(refused.body)).not.toContain('districts');
  });

  it('refuses what is over a limit before execution, naming it', async () => {
    const deep = await production.ask(
      '{ districts { neighbours { neighbours { neighbours { neighbours { id } } } } } }',
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]).toEqual({
      message: 'The operation is nested 6 levels deep; at most 4 are allowed.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 4, found: 6 },
    });
    const aliases = await production.ask(
      '{ a: districts { id } b: districts { id } c: districts { id } d: districts { id } }',
    );
    expect(aliases.body.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
      max: 3,
      found: 4,
    });
    const tokens = await production.ask(`{ districts { ${'id '.repeat(60)} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors?.[0]).toEqual({
      message: 'The document has more than 50 tokens; ask in smaller parts.',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 50 },
    });
    expect((await production.ask('{ districts { id name } }')).body.data).toEqual({
      districts: [{ id: 'marl', name: 'Bezirksstelle Marl' }],
    });
  });

  it('refuses batches and bodies that are not JSON, as JSON', async () => {
    const batch = await production.post(JSON.stringify([{ query: '{ districts { id } }' }]));
    expect(batch).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Batched requests are not accepted: send one operation per request',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      },
    });
    const broken = await production.post('{"query": ');
    expect(broken.status).toBe(400);
    expect(broken.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(broken.body.errors?.[0]?.message).toMatch(/^The request body is not valid JSON/);
  });

  it('names the field of a variable that could not be coerced', () => {
    expect(
      clientError({
        message:
          'Variable "$input" got invalid value "12" at "input.figures.integrations"; Int cannot represent non-integer value: "12"',
        extensions: { code: 'BAD_USER_INPUT' },
      }).extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.figures.integrations' });
    expect(
      clientError({
        message:
          'Variable "$input" got invalid value { month: "2025-10" }; Field "districtId" of required type "ID!" was not provided.',
        extensions: { code: 'BAD_USER_INPUT' },
      }).extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'input.districtId' });
    expect(
      clientError({
        message: 'Variable "$month" of required type "YearMonth!" was not provided.',
        extensions: { code: 'BAD_USER_INPUT' },
      }).extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'month' });
  });
});
