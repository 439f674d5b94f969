// The supervisor of `npm start`: runs each service as a child process, restarts one that exits
// with a growing delay (the others keep serving), restarts one on request over a Unix socket in
// the data directory (`npm run restart -- <name>`, scripts/restart.mjs), and stops them all in
// reverse order.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

/** Delay before the n-th restart in a row: 0.5 s, 1 s, 2 s, ... up to 30 s. */
export const backoffMs = (attempt) => Math.min(30_000, 500 * 2 ** (attempt - 1));
/** A child that ran this long before it exited starts again from the first delay. */
const STABLE_MS = 60_000;
/** How long a stopped child has to exit before it is killed (services allow 15 s to stop). */
const STOP_TIMEOUT_MS = 20_000;

export const controlSocket = (dataDir) => join(dataDir, 'supervisor.sock');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

export class Supervisor {
  /**
   * @param {{ root: string, logDir: string, say?: (line: string) => void,
   *   warn?: (line: string) => void }} options
   */
  constructor({ root, logDir, say = console.log, warn = console.error }) {
    this.root = root;
    this.logDir = logDir;
    this.say = say;
    this.warn = warn;
    /** @type {Map<string, Unit>} in the order they were added */
    this.units = new Map();
    this.stopping = false;
    this.server = null;
  }

  /**
   * Starts `script` (relative to the root) as the child `name`, with `env` beside the supervisor's
   * own environment; `ready` probes whether it serves (resolves true).
   */
  add(name, script, env, ready) {
    if (this.units.has(name)) throw new Error(`${name} is supervised already`);
    const unit = new Unit(this, name, script, env, ready);
    this.units.set(name, unit);
    unit.start();
    this.say(`${name} starting (log: ${unit.logFile})`);
    return unit;
  }

  names() {
    return [...this.units.keys()];
  }

  /** Resolves once `name` is ready, or rejects after `timeoutMs` naming its log. */
  async waitReady(name, timeoutMs) {
    const unit = this.units.get(name);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.stopping) throw new Error('stopping');
      if (unit.child && (await unit.probe())) return;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`${name} is not ready after ${seconds(timeoutMs)}; see ${unit.logFile}`);
  }

  /** Stops `name` and starts it again; resolves with the time until it was ready again. */
  async restart(name, timeoutMs = 90_000) {
    const unit = this.units.get(name);
    if (!unit) {
      throw new Error(`unknown service "${name}"; running: ${this.names().join(', ')}`);
    }
    const began = Date.now();
    unit.note(`restart requested; stopping ${name}`);
    await unit.stop();
    unit.attempt = 0;
    unit.start();
    await this.waitReady(name, timeoutMs);
    const took = Date.now() - began;
    unit.note(`${name} restarted on request; ready after ${seconds(took)}`);
    return took;
  }

  status() {
    return [...this.units.values()].map((unit) => ({
      name: unit.name,
      pid: unit.child?.pid ?? null,
      restarts: unit.restarts,
      state: unit.child ? 'running' : unit.retryTimer ? 'waiting to restart' : 'stopped',
    }));
  }

  /** Stops every child, the last added first. */
  async stopAll() {
    this.stopping = true;
    this.server?.close();
    for (const unit of [...this.units.values()].reverse()) {
      await unit.stop().catch((error) => this.warn(`${unit.name}: ${error.message}`));
    }
  }

  /**
   * Takes requests on the Unix socket `path` (one JSON line each: `{"command":"restart",
   * "service":"personnel"}` or `{"command":"status"}`; one JSON line back). Fails when another
   * supervisor answers there.
   */
  async listen(path) {
    if (existsSync(path)) {
      if (await answers(path)) {
        throw new Error(
          `npm start is already running with this data directory (its control socket ${path} answers)`,
        );
      }
      rmSync(path, { force: true });
    }
    this.server = createServer((socket) => {
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        buffer += chunk;
        const end = buffer.indexOf('\n');
        if (end < 0) return;
        const reply = (answer) => socket.end(`${JSON.stringify(answer)}\n`);
        let request;
        try {
          request = JSON.parse(buffer.slice(0, end));
        } catch {
          reply({ ok: false, error: 'the request is not JSON' });
          return;
        }
        this.handle(request).then(reply, (error) => reply({ ok: false, error: error.message }));
      });
      socket.on('error', () => undefined);
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(path, resolve);
    });
  }

  async handle(request) {
    if (this.stopping) return { ok: false, error: 'npm start is stopping' };
    if (request?.command === 'status') return { ok: true, services: this.status() };
    if (request?.command === 'restart') {
      if (typeof request.service !== 'string' || !this.units.has(request.service)) {
        return {
          ok: false,
          error: `unknown service "${request.service}"; running: ${this.names().join(', ')}`,
        };
      }
      const took = await this.restart(request.service);
      return { ok: true, message: `${request.service} restarted; ready after ${seconds(took)}` };
    }
    return { ok: false, error: 'unknown command; expected "restart" or "status"' };
  }
}

/** One supervised child: its process, log and restarts. */
class Unit {
  constructor(supervisor, name, script, env, ready) {
    this.supervisor = supervisor;
    this.name = name;
    this.script = script;
    this.env = env;
    this.ready = ready;
    this.logFile = join(supervisor.logDir, `${name}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = null;
    this.attempt = 0;
    this.restarts = 0;
    this.retryTimer = null;
    this.startedAt = 0;
  }

  async probe() {
    try {
      return Boolean(await this.ready());
    } catch {
      return false;
    }
  }

  /** A line in the console and, as a JSON log line of the supervisor, in the child's log. */
  note(message, level = 30) {
    (level >= 40 ? this.supervisor.warn : this.supervisor.say)(message);
    this.log.write(
      `${JSON.stringify({ level, time: new Date().toISOString(), service: this.name, name: 'supervisor', msg: message })}\n`,
    );
  }

  start() {
    this.retryTimer = null;
    this.startedAt = Date.now();
    // Own process group: Ctrl-C reaches the supervisor only, which stops the children in order.
    const child = spawn(process.execPath, [join(this.supervisor.root, this.script)], {
      cwd: this.supervisor.root,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    const forward = (chunk) => {
      this.log.write(chunk);
      for (const line of String(chunk).split('\n')) {
        if (!line.trim()) continue;
        let level = 50;
        try {
          level = JSON.parse(line).level ?? 30;
        } catch {
          // not a JSON log line: show it
        }
        if (level >= 40) this.supervisor.say(`[${this.name}] ${line}`);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', (error) => this.note(`${this.name} could not start: ${error.message}`, 50));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      if (child.expected || this.supervisor.stopping) return;
      this.attempt = Date.now() - this.startedAt >= STABLE_MS ? 1 : this.attempt + 1;
      this.restarts += 1;
      const delay = backoffMs(this.attempt);
      this.note(
        `${this.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting in ${seconds(delay)} (restart ${this.restarts}; log: ${this.logFile})`,
        40,
      );
      this.retryTimer = setTimeout(() => {
        if (this.supervisor.stopping) return;
        this.start();
        void this.announceWhenReady();
      }, delay);
    });
  }

  async announceWhenReady() {
    const child = this.child;
    const began = Date.now();
    while (this.child === child && child && !this.supervisor.stopping) {
      if (await this.probe()) {
        this.note(`${this.name} is back (ready after ${seconds(Date.now() - began)})`);
        return;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
  }

  /** Stops the child (SIGTERM, then SIGKILL after 20 s); cancels a pending restart. */
  async stop() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const child = this.child;
    if (!child) return;
    child.expected = true;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.note(`${this.name} did not stop within ${seconds(STOP_TIMEOUT_MS)}; killing it`, 40);
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    if (this.child === child) this.child = null;
  }
}

/** Sends one request to the supervisor at `path`; resolves with its answer. */
export function askSupervisor(path, request, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let buffer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer from npm start within ${seconds(timeoutMs)}`));
    });
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk) => (buffer += chunk));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(buffer));
      } catch {
        reject(new Error(`npm start answered something unreadable: ${buffer.slice(0, 200)}`));
      }
    });
    socket.on('error', (error) =>
      reject(
        ['ENOENT', 'ECONNREFUSED'].includes(error.code)
          ? Object.assign(new Error(`npm start is not running (nothing answers at ${path})`), {
              notRunning: true,
            })
          : error,
      ),
    );
  });
}

async function answers(path) {
  try {
    await askSupervisor(path, { command: 'status' }, 2000);
    return true;
  } catch {
    return false;
  }
}
