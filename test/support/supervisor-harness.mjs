// Runs the supervisor of `npm start` (scripts/supervisor.mjs) over two small HTTP servers, alpha and
// beta, in the directory given (logs, control socket); test/supervisor.test.ts drives it. Prints
// READY once both answer and STOPPED after SIGINT stopped them.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { controlSocket, Supervisor } from '../../scripts/supervisor.mjs';

const [dir] = process.argv.slice(2);
const child = `import http from 'node:http';
const server = http.createServer((_req, res) => res.end(String(process.pid)));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const supervisor = new Supervisor({ root: dir, logDir: dir, say: console.log, warn: console.log });
await supervisor.listen(controlSocket(dir));
for (const name of ['alpha', 'beta']) {
  writeFileSync(join(dir, `${name}.mjs`), child);
  const port = await freePort();
  supervisor.add(name, `${name}.mjs`, { PORT: String(port) }, async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(1000),
    });
    return response.ok;
  });
}
await Promise.all(supervisor.names().map((name) => supervisor.waitReady(name, 30_000)));
console.log('READY');
process.on('SIGINT', async () => {
  await supervisor.stopAll();
  console.log('STOPPED');
  process.exit(0);
});
