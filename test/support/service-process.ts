import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const root = join(__dirname, '../..');

export type ServiceName = 'districts' | 'governance' | 'personnel' | 'budget' | 'gateway';

/**
 * A service (or the gateway) run as a process of its own from its build (`services/<name>/dist/main.js`,
 * `gateway/dist/main.js`, which
 * `npm test` builds first), so that a test can kill it (SIGKILL: no clean shutdown, no leaving the
 * consumer group) and start it again on the same port, database and consumer group.
 */
export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  /** Its output, for the message of a failed test. */
  readonly logFile: string;
  /** Starts it (again); resolves with the milliseconds until `/health` answered. */
  start(): Promise<number>;
  /** SIGKILL, then resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean shutdown), then resolves once the process is gone. */
  stop(): Promise<void>;
  running(): boolean;
}

export async function serviceProcess(
  service: ServiceName,
  env: Record<string, string>,
  label: string = service,
): Promise<ServiceProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const logFile = join(mkdtempSync(join(tmpdir(), `jobcenter-${label}-`)), 'service.log');
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const gone = async () => {
    await exited;
    child = null;
  };

  return {
    name: label,
    url,
    logFile,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
    async start() {
      if (child) throw new Error(`${label} is already running`);
      const begun = Date.now();
      const out = openSync(logFile, 'a');
      const main =
        service === 'gateway'
          ? join(root, 'gateway/dist/main.js')
          : join(root, 'services', service, 'dist/main.js');
      const started = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
          HOST: '127.0.0.1',
          PORT: String(port),
          ...env,
        },
        stdio: ['ignore', out, out],
      });
      closeSync(out);
      child = started;
      let exit: string | null = null;
      exited = new Promise((done) =>
        started.once('exit', (code, signal) => {
          exit = signal ?? `exit code ${code}`;
          done();
        }),
      );
      const deadline = begun + 60_000;
      for (;;) {
        if (exit) throw new Error(`${label} stopped while starting (${exit}):\n${tail(logFile)}`);
        const healthy = await fetch(`http://127.0.0.1:${port}/health`)
          .then((response) => response.ok)
          .catch(() => false);
        if (healthy) return Date.now() - begun;
        if (Date.now() > deadline) throw new Error(`${label} did not start:\n${tail(logFile)}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    async kill() {
      child?.kill('SIGKILL');
      await gone();
    },
    async stop() {
      child?.kill('SIGTERM');
      await gone();
    },
  };
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
