import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@jobcenter/testing';

/**
 * The supervisor of `npm start` with two real child processes: one killed is restarted after the
 * first delay while the other keeps running; `npm run restart -- <name>` (scripts/restart.mjs)
 * restarts one on request, refuses an unknown name, and says when nothing runs.
 */
const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'supervisor-'));

interface Status {
  name: string;
  pid: number | null;
  restarts: number;
  state: string;
}

function restartCommand(...args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'scripts/restart.mjs'), ...args], {
    env: { ...process.env, JOBCENTER_DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The running children, as `npm run restart` without a name lists them. */
function status(): Status[] {
  const { out } = restartCommand();
  return out
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const match = /^\s+(\S+)\s+(.+?)(?: \(pid (\d+)\))?, restarted (\d+) times$/.exec(line)!;
      return {
        name: match[1]!,
        state: match[2]!,
        pid: match[3] ? Number(match[3]) : null,
        restarts: Number(match[4]),
      };
    });
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the supervisor of npm start', () => {
  let harness: ChildProcess;
  let output = '';

  beforeAll(async () => {
    harness = spawn(process.execPath, [join(__dirname, 'support/supervisor-harness.mjs'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    harness.stdout!.on('data', (chunk) => (output += chunk));
    await eventually(async () => output.includes('READY') || null, 'both children ready');
  });
  afterAll(() => {
    if (harness.exitCode === null) harness.kill('SIGKILL');
  });

  it('restarts a child that was killed, after the first delay, and leaves the other running', async () => {
    const [alpha, beta] = status();
    expect(alpha).toMatchObject({ name: 'alpha', state: 'running', restarts: 0 });
    process.kill(alpha!.pid!, 'SIGKILL');
    const back = await eventually(async () => {
      const now = status()[0]!;
      return now.pid && now.pid !== alpha!.pid && output.includes('alpha is back') ? now : null;
    }, 'alpha running again');
    expect(back).toMatchObject({ state: 'running', restarts: 1 });
    expect(status()[1]).toEqual(beta);
    expect(output).toContain(
      'alpha stopped unexpectedly (SIGKILL); restarting in 0.5 s (restart 1;',
    );
    const log = readFileSync(join(dir, 'alpha.log'), 'utf8');
    expect(log).toContain('"name":"supervisor","msg":"alpha stopped unexpectedly (SIGKILL)');
  });

  it('restarts one named child on request and waits until it answers', () => {
    const [alpha, beta] = status();
    const run = restartCommand('beta');
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toMatch(/beta restarted; ready after \d+\.\d s/);
    const [alphaAfter, betaAfter] = status();
    expect(alphaAfter).toEqual(alpha);
    expect(betaAfter!.pid).not.toBe(beta!.pid);
    expect(alive(beta!.pid!)).toBe(false);
    // A restart on request is not counted as a crash.
    expect(betaAfter!.restarts).toBe(0);
  });

  it('refuses an unknown name with the names it runs', () => {
    const run = restartCommand('gamma');
    expect(run.code).toBe(2);
    expect(run.err).toContain('unknown service "gamma"; running: alpha, beta');
  });

  it('stops every child on Ctrl-C, after which the command says nothing runs', async () => {
    const pids = status().map((child) => child.pid!);
    harness.kill('SIGINT');
    await eventually(async () => output.includes('STOPPED') || null, 'the supervisor stopped');
    for (const pid of pids) expect(alive(pid)).toBe(false);
    const run = restartCommand('alpha');
    expect(run.code).toBe(3);
    expect(run.err).toContain('npm start is not running (nothing answers at');
  });
});
