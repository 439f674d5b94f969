// The peer: Hive Gateway (@graphql-hive/gateway) with its defaults over the same supergraph file,
// forwarding the caller's token; HIVE_DEDUPLICATE=false turns its in-flight deduplication off
// (PORT, SUPERGRAPH_PATH).
import http from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const deduplicate = process.env.HIVE_DEDUPLICATE !== 'false';
const gateway = createGatewayRuntime({
  supergraph: process.env.SUPERGRAPH_PATH,
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization') ?? '',
    }),
  },
  ...(deduplicate
    ? {}
    : { transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } } }),
});
const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  gateway(req, res);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => gateway.dispose().then(() => process.exit(0)));
