// What `npm start` and `npm test` need before they run, on a fresh clone too: Node.js 20.19+ (22, 24),
// Java (for Kafka), the npm packages (npm ci when node_modules is missing), the build (turbo,
// cached) and the Kafka jars from Maven Central (unless KAFKA_BROKERS points to running brokers).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Prepares the checkout; on failure it prints what is missing with `tag` and returns false. */
export async function prepare(tag) {
  const say = (message) => console.log(`[${tag}] ${message}`);
  const fail = (message) => {
    console.error(`[${tag}] ${message}`);
    return false;
  };
  const run = (command, args, what) => {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    return !result.error && result.status === 0
      ? true
      : fail(`${what} failed${result.error ? `: ${result.error.message}` : ''}`);
  };
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    return fail(`Node.js 20.19 or newer is needed (this is ${process.versions.node})`);
  }
  if (major === 20) {
    say('Node.js 20 reached its end of life on 2026-04-30: prefer 22 or 24 (docs/operations.md)');
  }
  if (!process.env.KAFKA_BROKERS && spawnSync('java', ['-version'], { stdio: 'pipe' }).error) {
    return fail('java is missing: install a JDK 17 (Kafka runs on it) or set KAFKA_BROKERS');
  }
  if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
    say('installing npm packages (npm ci)...');
    if (!run('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci')) return false;
  }
  say('building...');
  const turbo = join(root, 'node_modules/turbo/bin/turbo');
  if (!run(process.execPath, [turbo, 'run', 'build', '--output-logs=errors-only'], 'the build')) {
    return false;
  }
  if (!process.env.KAFKA_BROKERS) {
    const { installKafka } = await import('@jobcenter/local-infra');
    try {
      installKafka();
    } catch (error) {
      return fail(
        `${error.message}\n[${tag}] Kafka's jars come from Maven Central: install Maven (mvn) or set KAFKA_BROKERS`,
      );
    }
  }
  return true;
}
