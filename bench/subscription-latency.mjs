#!/usr/bin/env node
// Benchmark: how soon a subscriber sees a change. The whole system with demo data (every process in
// production mode) and one gateway; `--subscribers` clients (default 100) subscribe over SSE
// (graphql-sse) to `caseloadReported` with a selection of two subgraphs (districts: the district's
// latest report; personnel: its staffing requirement), each signed in as its own user unless
// `--identities` is smaller (subscribers of one user share the answer for an event). Then
// `--reports` caseload reports (default 500) go through the gateway at `--rate` per second. For each
// report and subscriber it takes the time from the mutation's response at the reporting client to
// the event at the subscriber, and prints p50, p99 and the maximum, beside the mutation's own round
// trip in the same run (the baseline: what the report itself took), with the ratios. Subscribers,
// reporter and the system share the machine's cores.
// Usage: node bench/subscription-latency.mjs [--subscribers 100] [--reports 500] [--rate 10]
//        [--identities 100]
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-sse';
import { CITY_IDS, startSystem, token } from './system.mjs';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '100' },
    reports: { type: 'string', default: '500' },
    rate: { type: 'string', default: '10' },
    identities: { type: 'string', default: '100' },
  },
});
const subscribers = Number(values.subscribers);
const reports = Number(values.reports);
const rate = Number(values.rate);
const identities = Math.min(Number(values.identities), subscribers);
const log = (message) => console.error(`[bench] ${message}`);

const SUBSCRIPTION = /* GraphQL */ `
  subscription {
    caseloadReported {
      districtId
      month
      version
      district {
        name
        latestCaseloadReport {
          eligibleJobseekers
        }
        staffingRequirement {
          caseloadMonth
        }
      }
    }
  }
`;
const REPORT = /* GraphQL */ `
  mutation ($input: ReportCaseloadInput!) {
    reportCaseload(input: $input) {
      month
      version
    }
  }
`;

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const figures = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) };
};
const now = () => performance.now();

const loadAtStart = loadavg()[0];
log('starting the system');
const system = await startSystem({ log });
try {
  const url = await system.gateway('gateway', 'gateway/dist/main.js', {});
  const base = url.replace(/\/graphql$/, '');
  const health = async () => (await (await fetch(`${base}/health`)).json()).subscriptions;
  while (!(await health()).following) await new Promise((resolve) => setTimeout(resolve, 100));

  /** When each subscriber received each report's event, by `district|month|version`. */
  const received = new Map();
  const clients = [];
  for (let i = 0; i < subscribers; i += 1) {
    const bearer = await token({
      roles: ['county_staff'],
      subject: `subscriber-${i % identities}`,
    });
    const client = createClient({
      url: `${base}/graphql/stream`,
      headers: { authorization: `Bearer ${bearer}` },
      retryAttempts: 0,
    });
    clients.push(client);
    client.subscribe(
      { query: SUBSCRIPTION },
      {
        next: ({ data, errors }) => {
          if (errors) throw new Error(`subscriber ${i}: ${JSON.stringify(errors)}`);
          const { districtId, month, version } = data.caseloadReported;
          const key = `${districtId}|${month}|${version}`;
          if (!received.has(key)) received.set(key, []);
          received.get(key).push(now());
        },
        error: (error) => log(`subscriber ${i} ended: ${JSON.stringify(error)}`),
        complete: () => undefined,
      },
    );
  }
  while ((await health()).subscribers < subscribers)
    await new Promise((resolve) => setTimeout(resolve, 100));
  log(`${subscribers} subscribers (${identities} users) at ${base}/graphql/stream`);

  const reporter = await token({ roles: ['county_staff'], subject: 'reporter' });
  const report = async (districtId, month, eligibleJobseekers) => {
    const started = now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reporter}` },
      body: JSON.stringify({
        query: REPORT,
        variables: {
          input: {
            districtId,
            month,
            figures: {
              benefitHouseholds: 2000,
              eligibleJobseekers,
              eligibleJobseekersUnder25: 500,
              longTermRecipients: 1500,
              integrations: 30,
              subsistenceBenefits: 90_000_000,
            },
          },
        },
      }),
    });
    const answer = await response.json();
    const answered = now();
    if (answer.errors) throw new Error(`report refused: ${JSON.stringify(answer.errors)}`);
    const { version } = answer.data.reportCaseload;
    return { key: `${districtId}|${month}|${version}`, answered, roundTrip: answered - started };
  };
  // Months far enough back not to be the dashboard's; each report a new month of a district.
  const months = (count) =>
    Array.from({ length: count }, (_, i) => {
      const month = 1990 * 12 + Math.floor(i / CITY_IDS.length);
      return {
        districtId: CITY_IDS[i % CITY_IDS.length],
        month: `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`,
        eligibleJobseekers: 3000 + i,
      };
    });
  const all = months(reports + 20);
  const warmUp = all.slice(0, 20);
  for (const each of warmUp) await report(each.districtId, each.month, each.eligibleJobseekers);

  log(`${reports} reports at ${rate} per second`);
  const sent = [];
  const startedAt = now();
  await Promise.all(
    all.slice(20).map(async (each, i) => {
      const due = startedAt + (i * 1000) / rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - now())));
      sent.push(await report(each.districtId, each.month, each.eligibleJobseekers));
    }),
  );
  // Every subscriber has every report's event, or 30 s passed.
  const deadline = now() + 30_000;
  const complete = () => sent.every(({ key }) => (received.get(key)?.length ?? 0) >= subscribers);
  while (!complete() && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

  const latencies = [];
  let missing = 0;
  for (const { key, answered } of sent) {
    const times = received.get(key) ?? [];
    missing += Math.max(0, subscribers - times.length);
    for (const at of times) latencies.push(at - answered);
  }
  const delivery = figures(latencies);
  const mutation = figures(sent.map(({ roundTrip }) => roundTrip));
  const stats = await health();
  const fmt = (value) => `${value.toFixed(1)} ms`;
  console.log(
    `${reports} caseload reports at ${rate}/s through the gateway, ${subscribers} SSE subscribers ` +
      `(${identities} users); load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end (2 cores)`,
  );
  console.log(
    `mutation round trip (baseline):        p50 ${fmt(mutation.p50)}, p99 ${fmt(mutation.p99)}, max ${fmt(mutation.max)}`,
  );
  console.log(
    `mutation response -> event at client:  p50 ${fmt(delivery.p50)}, p99 ${fmt(delivery.p99)}, max ${fmt(delivery.max)}` +
      ` (${latencies.length} deliveries, ${missing} missing)`,
  );
  console.log(
    `ratio delivery / mutation round trip:  p50 ${(delivery.p50 / mutation.p50).toFixed(2)}x, p99 ${(delivery.p99 / mutation.p99).toFixed(2)}x`,
  );
  console.log(
    `gateway counts: ${JSON.stringify(stats.events)}; target p99 <= 250 ms: ${delivery.p99 <= 250 ? 'met' : 'not met'}`,
  );
  console.log(
    JSON.stringify({ subscribers, identities, reports, rate, delivery, mutation, missing }),
  );
  for (const client of clients) client.dispose();
} finally {
  await system.stop();
}
process.exit(0);
