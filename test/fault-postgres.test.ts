import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CityId } from '@jobcenter/auth';
import { topics } from '@jobcenter/events';
import { graphql, ownKafkaBroker, tokenFor, uniqueId } from '@jobcenter/testing';
import { aCaseload, REPORT } from '../services/districts/test/support/districts';
import { appliedEvents, inLanes, msUntil, query, report, reportPlan } from './support/faults';
import { freePort, serviceProcess, type ServiceProcess } from './support/service-process';

const TOPIC = topics.caseloadReported.name;

/** PostgreSQL in a process of this suite's own (test/support/postgres-server.mjs). */
function ownPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'jobcenter-fault-postgres-'));
  chmodSync(dir, 0o755); // as root, the server runs as the user postgres
  let child: ChildProcess | null = null;
  let port = 0;
  return {
    async start(): Promise<string> {
      port ||= await freePort();
      const started = spawn(
        process.execPath,
        [join(__dirname, 'support/postgres-server.mjs'), join(dir, 'data'), String(port)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      let output = '';
      return new Promise((resolve, reject) => {
        started.stdout!.on('data', (chunk: Buffer) => {
          output += chunk;
          const ready = /ready (\S+)/.exec(output);
          if (ready) resolve(ready[1]!);
        });
        started.stderr!.on('data', (chunk: Buffer) => (output += chunk));
        started.once('exit', (code) =>
          reject(new Error(`PostgreSQL exited (${code}):\n${output}`)),
        );
      });
    },
    /** A fast shutdown: every session is ended, open transactions are rolled back. */
    async stop(): Promise<void> {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((done) => running.once('exit', done));
      running.kill('SIGTERM');
      await exited;
      child = null;
    },
  };
}

/**
 * PostgreSQL restarted while caseload reports arrive through the districts API and personnel
 * applies their events (both processes of their own): neither is restarted, writes succeed again
 * once the server is back, and no write is half done: every stored report has its event and every
 * event its report, and personnel applies each once.
 */
describe('PostgreSQL restarted under load', () => {
  const broker = ownKafkaBroker('fault-postgres');
  const postgres = ownPostgres();
  let districts: ServiceProcess;
  let personnel: ServiceProcess;
  let districtsDb: string;
  let personnelDb: string;

  beforeAll(async () => {
    const [url] = await Promise.all([postgres.start(), Promise.resolve(broker.start())]);
    districtsDb = `${url}/districts`;
    personnelDb = `${url}/personnel`;
    await query(`${url}/postgres`, 'CREATE DATABASE districts');
    await query(`${url}/postgres`, 'CREATE DATABASE personnel');
    const common = { KAFKA_BROKERS: broker.brokers().join(','), OUTBOX_POLL_INTERVAL_MS: '50' };
    districts = await serviceProcess('districts', { ...common, DATABASE_URL: districtsDb });
    personnel = await serviceProcess('personnel', {
      ...common,
      DATABASE_URL: personnelDb,
      CONSUMER_GROUP: uniqueId('personnel'),
    });
    await Promise.all([districts.start(), personnel.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([districts?.stop(), personnel?.stop()]);
    await postgres.stop();
    broker.stop();
  }, 60_000);

  it('recovers without a restart of the services and leaves no partial write', async () => {
    const plan = reportPlan(1500);
    const tokens = new Map<string, string>();
    const answered: string[] = [];
    const failed: { districtId: string; month: string; message: string }[] = [];
    let restarted: number | null = null;
    let firstAfter: number | null = null;
    let stop = false;
    let okAfter = 0;

    const load = inLanes(plan, 10, async ({ districtId, month }) => {
      if (stop) return;
      let token = tokens.get(districtId);
      if (!token)
        tokens.set(districtId, (token = await tokenFor('city_staff', districtId as CityId)));
      const response = await graphql<{ reportCaseload: { id: string } }>(
        districts.url,
        REPORT,
        { input: { districtId, month, figures: aCaseload() } },
        token,
      ).catch((error: Error) => ({
        status: 0,
        errors: [{ message: error.message }],
        data: undefined,
      }));
      if (response.data?.reportCaseload) {
        answered.push(response.data.reportCaseload.id);
        if (restarted !== null) {
          firstAfter ??= Date.now() - restarted;
          if (++okAfter >= 100) stop = true;
        }
      } else {
        failed.push({ districtId, month, message: response.errors?.[0]?.message ?? '' });
        // A client that got an error waits a moment before its next report.
        await new Promise((done) => setTimeout(done, 200));
      }
    });

    await msUntil(async () => answered.length >= 100, '100 reports stored');
    const stopping = Date.now();
    await postgres.stop();
    await postgres.start();
    restarted = Date.now();
    const down = restarted - stopping;
    await load;

    const stored = await query<{ id: string; district_id: string; month: string }>(
      districtsDb,
      `SELECT id, district_id, to_char(month, 'YYYY-MM') AS month FROM caseload_report`,
    );
    const events = await query<{ report: string }>(
      districtsDb,
      `SELECT event->'data'->>'reportId' AS report FROM outbox_event WHERE topic = $1`,
      [TOPIC],
    );
    const applied = await msUntil(
      async () => (await appliedEvents(personnelDb, TOPIC)).applied >= stored.length,
      'personnel applied every stored report',
      restarted,
    );
    const recorded = await appliedEvents(personnelDb, TOPIC);
    const copies = await query<{ n: number }>(
      personnelDb,
      'SELECT count(*)::int AS n FROM caseload_copy',
    );
    const storedIds = new Set(stored.map((row) => row.id));
    // A request cut off by the restart may or may not have committed; either way it is whole.
    const committedUnanswered = failed.filter((attempt) =>
      stored.some((row) => row.district_id === attempt.districtId && row.month === attempt.month),
    ).length;
    report('PostgreSQL restarted (fast shutdown) under load', {
      'reports answered / failed during the restart': `${answered.length} / ${failed.length}`,
      'failed but committed': committedUnanswered,
      'reports stored / events in the outbox': `${stored.length} / ${events.length}`,
      'personnel applied / distinct / caseload rows / dead letters': `${recorded.applied} / ${recorded.distinct} / ${copies[0]!.n} / ${recorded.dead}`,
      'PostgreSQL stop and start (ms)': down,
      'PostgreSQL back → first report stored (ms)': firstAfter,
      'PostgreSQL back → all applied by personnel (ms)': applied,
    });

    expect(districts.running() && personnel.running()).toBe(true);
    expect(okAfter).toBeGreaterThanOrEqual(100);
    expect(failed.length).toBeGreaterThan(0);
    expect(answered.every((id) => storedIds.has(id))).toBe(true);
    expect(events.map((event) => event.report).sort()).toEqual([...storedIds].sort());
    expect(recorded).toEqual({ applied: stored.length, distinct: stored.length, dead: 0 });
    expect(copies[0]!.n).toBe(stored.length);
  }, 180_000);
});
