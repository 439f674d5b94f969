// A PostgreSQL server of one suite's own, in a process of its own so that the suite can stop and
// start it under load: `node postgres-server.mjs DIR PORT` prints "ready URL" and stops the server
// (fast shutdown: sessions are ended, transactions rolled back) on SIGTERM.
import { startPostgres } from '@jobcenter/local-infra';

const [dir, port] = process.argv.slice(2);
const server = await startPostgres({ dir, port: Number(port) });
console.log(`ready ${server.url}`);
process.once('SIGTERM', () => {
  server.stop().then(
    () => process.exit(0),
    (error) => {
      console.error(`stopping PostgreSQL: ${error.message}`);
      process.exit(1);
    },
  );
});
