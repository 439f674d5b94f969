import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics } from '@jobcenter/events';
import { eventually, graphql, readTopic, tokenFor } from '@jobcenter/testing';
import type { DistrictsService } from '../src/service';
import { aCaseload, REPORT, startTestDistricts } from './support/districts';

/** A broker of this suite's own, so that stopping it does not disturb the other suites. */
const kafkaCli = join(__dirname, '../../../infra/local/bin/kafka.mjs');
const dir = mkdtempSync(join(tmpdir(), 'jobcenter-outage-kafka-'));
chmodSync(dir, 0o755);
let port = '';
const kafka = (command: 'start' | 'stop') => {
  const output = execFileSync(
    process.execPath,
    [kafkaCli, command, '--dir', dir, '--port', 'auto'],
    {
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
  // The first start picks free ports; a restart comes back on the same ones.
  const ready = /ready on 127\.0\.0\.1:(\d+)/.exec(output);
  if (ready) port = ready[1]!;
};
const brokers = () => [`127.0.0.1:${port}`];

describe('outbox while Kafka is down', () => {
  let districts: DistrictsService;

  beforeAll(async () => {
    kafka('start');
    districts = await startTestDistricts({ brokers: brokers() });
  });
  afterAll(async () => {
    await districts?.stop();
    kafka('stop');
  });

  it('accepts a report while the broker is stopped and publishes it exactly once when it is back', async () => {
    kafka('stop');

    const response = await graphql<{ reportCaseload: { id: string } }>(
      districts.url,
      REPORT,
      { input: { districtId: 'datteln', month: '2025-09', figures: aCaseload() } },
      await tokenFor('city_staff', 'datteln'),
    );
    expect(response.errors).toBeUndefined();
    const reportId = response.data!.reportCaseload.id;
    // The relay keeps trying: the row stays pending and records the failed attempts.
    let row: { status: string; attempts: number; last_error: string | null } | undefined;
    for (let waited = 0; waited < 20_000 && !(row?.attempts && row.attempts > 0); waited += 250) {
      await new Promise((done) => setTimeout(done, 250));
      [row] = await districts.dataSource.query(
        `SELECT status, attempts, last_error FROM outbox_event WHERE event->'data'->>'reportId' = $1`,
        [reportId],
      );
    }
    expect(row).toMatchObject({ status: 'pending', last_error: expect.any(String) });
    expect(row!.attempts).toBeGreaterThan(0);

    kafka('start');
    const reader = await readTopic(topics.caseloadReported.name, brokers());
    try {
      const isOurs = (m: { value: Record<string, unknown> }) =>
        (m.value.data as { reportId?: string } | undefined)?.reportId === reportId;
      await reader.waitFor(isOurs, 1, 60_000);
      // Once the row is marked sent the relay sends it no more; every copy sent before is on the
      // topic, and the reader has read all the topic holds.
      await eventually(
        async () =>
          (
            await districts.dataSource.query(
              `SELECT status FROM outbox_event WHERE event->'data'->>'reportId' = $1`,
              [reportId],
            )
          )[0]?.status === 'sent',
        'the outbox row marked sent',
      );
      await reader.readToEnd();
      expect(reader.received.filter(isOurs)).toHaveLength(1);
    } finally {
      await reader.stop();
    }
  });
});
