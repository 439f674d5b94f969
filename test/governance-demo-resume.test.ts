import { Writable } from 'node:stream';
import pino from 'pino';
import { waitUntil } from '@jobcenter/subgraph-server';
import { ownKafkaBroker } from '@jobcenter/testing';
import type { DistrictsService } from '../services/districts/src/service';
import { startTestDistricts } from '../services/districts/test/support/districts';
import { seedDemoGovernance } from '../services/governance/src/demo-data';
import type { GovernanceService } from '../services/governance/src/service';
import { eventually, startTestGovernance } from '../services/governance/test/support/governance';

/**
 * The governance demo waits (bounded) for the ten districts to arrive as events, and a seeding
 * cut short resumes where it stopped on the next start, without doubling anything. On a broker of
 * the suite's own: the shared one holds other suites' district events.
 */
const broker = ownKafkaBroker('governance-demo');

function capturingLogger() {
  const lines: { level: number; msg: string; missing?: string[]; err?: unknown }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const counts = async (governance: GovernanceService) =>
  (
    await governance.dataSource.query(`SELECT
      (SELECT count(*)::int FROM meeting) AS meetings,
      (SELECT count(*)::int FROM submission) AS submissions,
      (SELECT count(*)::int FROM agenda_item) AS "agendaItems",
      (SELECT count(*)::int FROM target_agreement) AS "targetAgreements",
      (SELECT count(*)::int FROM vote) AS votes,
      (SELECT count(*)::int FROM staff_council_consultation) AS consultations`)
  )[0] as Record<string, number>;

describe('the governance demo data', () => {
  let districts: DistrictsService | undefined;
  let governance: GovernanceService;

  beforeAll(async () => {
    broker.start();
    governance = await startTestGovernance({ brokers: broker.brokers() });
  });
  afterAll(async () => {
    await governance?.stop();
    await districts?.stop();
    broker.stop();
  });

  it('waits a bounded time for the districts, says which are missing, and writes nothing', async () => {
    const { logger, lines } = capturingLogger();
    await seedDemoGovernance(governance, governance.dataSource, logger, {
      signal: new AbortController().signal,
      timeoutMs: 300,
    });
    expect(lines.map((line) => line.msg)).toEqual([
      'demo data waits for 10 of the ten districts to arrive (districts.district-changed.v1)',
      'demo board not seeded: districts missing after 0.3 s; it resumes on the next start',
    ]);
    expect(lines[1]!.missing).toContain('dorsten');
    expect(await counts(governance)).toMatchObject({ meetings: 0, submissions: 0, votes: 0 });
  });

  it('resumes a seeding cut short after its last finished step, once the districts are there', async () => {
    districts = await startTestDistricts({ brokers: broker.brokers() });
    await eventually(
      async () =>
        (await governance.dataSource.query('SELECT count(*)::int AS n FROM district_copy'))[0].n ===
          10 || null,
      'the ten districts in governance',
    );
    // The first run is stopped (as by Ctrl-C) once 40 steps are done.
    const stop = new AbortController();
    const first = capturingLogger();
    const seeding = seedDemoGovernance(governance, governance.dataSource, first.logger, {
      signal: stop.signal,
    });
    await waitUntil(
      async () =>
        (
          await governance.dataSource
            .query('SELECT count(*)::int AS n FROM demo_data_step')
            .catch(() => [{ n: 0 }])
        )[0].n >= 40,
      { signal: new AbortController().signal, timeoutMs: 60_000, intervalMs: 10 },
    );
    stop.abort();
    await seeding;
    expect(first.lines.at(-1)).toMatchObject({
      msg: expect.stringMatching(/^demo data stopped before step ".+"; it resumes there/),
    });
    const cut = await counts(governance);
    expect(cut.meetings).toBeLessThan(12);

    const second = capturingLogger();
    await seedDemoGovernance(governance, governance.dataSource, second.logger, {
      signal: new AbortController().signal,
    });
    expect(second.lines.at(-1)!.msg).toBe(
      'resumed and finished the demo board and twelve monthly meetings',
    );
    const done = await counts(governance);
    // Twelve meetings; the second concludes ten target agreements; one submission per agenda item
    // and five votes on each, nothing twice.
    expect(done).toMatchObject({ meetings: 12, targetAgreements: 10, consultations: 4 });
    expect(done.submissions).toBe(done.agendaItems);
    expect(done.votes).toBe(done.agendaItems! * 5);
    const [{ duplicates }] = await governance.dataSource.query(
      `SELECT count(*)::int AS duplicates FROM (
         SELECT a.meeting_id, s.title FROM agenda_item a JOIN submission s ON s.id = a.submission_id
         GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);

    // A later start finds it complete and changes nothing.
    await seedDemoGovernance(governance, governance.dataSource, capturingLogger().logger, {
      signal: new AbortController().signal,
    });
    expect(await counts(governance)).toEqual(done);
  });
});
