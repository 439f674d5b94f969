// The peer: stock @apollo/gateway 2.14 on @apollo/server 5, over the same supergraph file, with
// nothing but the caller's token forwarded to the subgraphs (PORT, SUPERGRAPH_PATH).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH, 'utf8'),
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource({
      url,
      willSendRequest({ request, context }) {
        if (context.authorization) request.http.headers.set('authorization', context.authorization);
      },
    }),
});
const server = new ApolloServer({ gateway });
await server.start();
const app = express();
app.get('/health', (_req, res) => res.json({ status: 'ok' }));
app.use(
  '/graphql',
  express.json({ limit: '1mb' }),
  expressMiddleware(server, {
    context: async ({ req }) => ({ authorization: req.header('authorization') }),
  }),
);
const httpServer = http.createServer(app);
httpServer.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
