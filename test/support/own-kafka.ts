import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const kafkaCli = join(__dirname, '../../infra/local/bin/kafka.mjs');

/**
 * A Kafka broker of one suite's own (infra/local/bin/kafka.mjs on a free port), for suites that
 * must see exactly the events they publish, or that stop and restart the broker.
 */
export function ownKafkaBroker(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `jobcenter-${name}-kafka-`));
  chmodSync(dir, 0o755);
  let brokers: string[] = [];
  const run = (command: 'start' | 'stop') => {
    const output = execFileSync(
      process.execPath,
      [kafkaCli, command, '--dir', dir, '--port', 'auto'],
      { encoding: 'utf8', stdio: 'pipe', timeout: 120_000 },
    );
    const ready = /ready on (\S+) /.exec(output);
    if (ready) brokers = [ready[1]!];
  };
  return {
    start: () => run('start'),
    stop: () => run('stop'),
    brokers: () => brokers,
  };
}
