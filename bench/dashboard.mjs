#!/usr/bin/env node
// Benchmark: the board's dashboard query (bench/queries/dashboard.graphql: all four subgraphs)
// through this project's gateway (response cache on, two replicas; and cache off) beside stock
// @apollo/gateway and Hive Gateway (defaults, and in-flight deduplication off), all over the same
// running subgraphs with every service's demo data. Interleaved in one run, two rounds: the
// dashboard at 16 and 1 connections, the eleven units at 16, and a mixed load (95 % dashboard
// reads by several roles and cities, 5 % writes: caseload corrections, spending records, votes).
// During the project's mixed load a probe writes and reads back through both replicas as other
// roles, beside an uncached gateway, and counts stale reads.
//
// Usage: node bench/dashboard.mjs [--duration 10] [--rounds 2] [--targets project,stock,...]
// The last line is one JSON object with the headline figures.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CITY_IDS, demoDataMonth, SERVICES, startSystem, token } from './system.mjs';

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    targets: { type: 'string', default: 'project,uncached,stock,hive,hive-nodedup' },
  },
});
const duration = Number(options.duration);
const rounds = Number(options.rounds);
const wanted = options.targets.split(',');
const log = (message) => console.error(`[bench] ${message}`);

const DASHBOARD = readFileSync(new URL('./queries/dashboard.graphql', import.meta.url), 'utf8');
const UNITS = `{ units { id name kind ... on District { sizeGroup latestCaseloadReport { month
  benefitHouseholds eligibleJobseekers longTermRecipients integrations subsistenceBenefits } } } }`;
// What a city's staff open: their own office (they may not read the board's or the county's
// budget figures, so the board's dashboard would answer them with errors).
const CITY_VIEW = `query City($id: ID!, $fiscalYear: Int!, $month: YearMonth!) { district(id: $id) {
  id name latestCaseloadReport { month benefitHouseholds eligibleJobseekers eligibleJobseekersUnder25 }
  staffingRequirement { benefits { requiredFte heldFte gapFte } integration { requiredFte heldFte gapFte } }
  benchmark(month: $month) { k1 { value rank } k2 { value rank } k3 { value rank } }
  targetAgreements(year: $fiscalYear) { id status targets { indicator targetValue actualValue status } } } }`;
const CORRECT = `mutation Correct($input: CorrectCaseloadReportInput!) {
  correctCaseloadReport(input: $input) { id version } }`;
const SPEND = `mutation Spend($input: SpendingInput!) { recordSpending(input: $input) { id } }`;
const VOTE = `mutation Vote($id: ID!, $vote: Vote!) { castVote(resolutionId: $id, vote: $vote) { id status } }`;

const system = await startSystem({ log });
const results = [];
try {
  const year = new Date().getUTCFullYear();
  const gateways = {};
  const start = (name, script, env) =>
    system.gateway(name, script, env).then((url) => (gateways[name] = url));
  if (wanted.includes('project')) {
    await start('project-a', 'gateway/dist/main.js', {});
    await start('project-b', 'gateway/dist/main.js', {});
  }
  if (wanted.includes('uncached') || wanted.includes('project'))
    await start('uncached', 'gateway/dist/main.js', { RESPONSE_CACHE: 'off' });
  if (wanted.includes('stock')) await start('stock', 'bench/peers/apollo-gateway.mjs');
  if (wanted.includes('hive')) await start('hive', 'bench/peers/hive-gateway.mjs');
  if (wanted.includes('hive-nodedup'))
    await start('hive-nodedup', 'bench/peers/hive-gateway.mjs', { HIVE_DEDUPLICATE: 'false' });

  const tokens = {
    chair: await token({ subject: 'landrat', roles: ['board_chair'] }),
    member: await token({ subject: 'dezernent-herten', roles: ['board_member'] }),
    county: await token({ subject: 'fachbereich', roles: ['county_staff'] }),
    office: await token({ subject: 'geschaeftsstelle', roles: ['board_office'] }),
    reporting: await token({ subject: 'reporting-tool', roles: ['reporting'] }),
  };
  const cityTokens = {};
  for (const city of CITY_IDS)
    cityTokens[city] = await token({ subject: `staff-${city}`, roles: ['city_staff'], city });

  const uncached = gateways.uncached;
  const ask = async (url, bearer, query, variables) => {
    const started = Date.now();
    const slow = setTimeout(() => log(`slow request (5 s) to ${url}: ${query.slice(0, 60)}`), 5000);
    const response = await fetch(url, {
      signal: AbortSignal.timeout(30_000),
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    }).finally(() => clearTimeout(slow));
    const answer = await response.json();
    if (Date.now() - started > 5000)
      log(
        `it took ${Date.now() - started} ms: ${JSON.stringify(answer.errors ?? null).slice(0, 300)}`,
      );
    return answer;
  };
  // The demo data arrives through Kafka: wait until every district has all of it.
  const anyGateway = Object.values(gateways)[0];
  const month = await demoDataMonth(
    (variables) => ask(anyGateway, tokens.county, DASHBOARD, variables),
    { fiscalYear: year, timeoutMs: 180_000 },
  );
  const dashboardVariables = { fiscalYear: year, month };
  const dashboardBody = JSON.stringify({ query: DASHBOARD, variables: dashboardVariables });
  const unitsBody = JSON.stringify({ query: UNITS });
  log(`demo data complete (latest month ${month}); gateways: ${Object.keys(gateways).join(', ')}`);

  // Resolutions open for votes (the mixed load's votes): one board meeting with many agenda items.
  const votes = await prepareVotes(uncached ?? anyGateway, tokens.office, year, ask);
  log(`${votes.length} votes prepared`);

  const latest = {};
  for (const district of (await ask(anyGateway, tokens.county, DASHBOARD, dashboardVariables)).data
    .districts)
    latest[district.id] = district.latestCaseloadReport;
  const PROBED = ['waltrop', 'datteln'];
  const loadCities = Object.keys(latest).filter((id) => !PROBED.includes(id));

  const readers = [
    ...['chair', 'member', 'county', 'office'].map((who) => ({
      authorization: `Bearer ${tokens[who]}`,
      body: dashboardBody,
    })),
    ...['marl', 'herten'].map((city) => ({
      authorization: `Bearer ${cityTokens[city]}`,
      body: JSON.stringify({ query: CITY_VIEW, variables: { id: city, ...dashboardVariables } }),
    })),
  ];
  let writeCount = 0;
  const nextWrite = () => {
    writeCount += 1;
    const kind = writeCount % 3;
    if (kind === 0 && votes.length > 0) {
      const vote = votes.shift();
      return {
        authorization: `Bearer ${vote.token}`,
        body: JSON.stringify({ query: VOTE, variables: { id: vote.resolutionId, vote: 'AGREE' } }),
      };
    }
    const city = loadCities[writeCount % loadCities.length];
    if (kind === 1) {
      return {
        authorization: `Bearer ${cityTokens[city]}`,
        body: JSON.stringify({
          query: SPEND,
          variables: {
            input: {
              districtId: city,
              fiscalYear: year,
              kind: 'EXPENDITURE',
              amount: 100,
              purpose: 'Bewerbungstraining',
              legalBasis: '§ 16 Abs. 1 SGB II',
              bookedOn: `${year}-${month.slice(5)}-15`,
              documentReference: `BENCH-${writeCount}`,
            },
          },
        }),
      };
    }
    const report = latest[city];
    const figures = corrected(report, writeCount % 2 === 0 ? 40 : -40);
    return {
      authorization: `Bearer ${cityTokens[city]}`,
      body: JSON.stringify({
        query: CORRECT,
        variables: { input: { districtId: city, month, figures, reason: 'Nachmeldung' } },
      }),
    };
  };

  const targets = [];
  if (gateways['project-a'])
    targets.push({
      name: 'project',
      urls: [gateways['project-a'], gateways['project-b']],
      processes: ['project-a', 'project-b'],
    });
  for (const name of ['uncached', 'stock', 'hive', 'hive-nodedup'])
    if (gateways[name] && wanted.includes(name))
      targets.push({ name, urls: [gateways[name]], processes: [name] });
  const order = [...targets];
  if (targets[0]?.name === 'project') order.push(targets[0]);

  for (let round = 1; round <= rounds; round += 1) {
    for (const target of order) {
      const runs = [
        {
          scenario: 'dashboard',
          connections: 16,
          seconds: duration,
          pick: () => ({ authorization: `Bearer ${tokens.county}`, body: dashboardBody }),
        },
        {
          scenario: 'dashboard',
          connections: 1,
          seconds: duration / 2,
          pick: () => ({ authorization: `Bearer ${tokens.county}`, body: dashboardBody }),
        },
        {
          scenario: 'units',
          connections: 16,
          seconds: duration / 2,
          pick: () => ({ authorization: `Bearer ${tokens.county}`, body: unitsBody }),
        },
        {
          scenario: 'mixed',
          connections: 16,
          seconds: duration,
          pick: (i) => (i % 20 === 19 ? nextWrite() : readers[i % readers.length]),
        },
      ];
      for (const run of runs) {
        const probe =
          run.scenario === 'mixed' && target.name === 'project' && uncached
            ? freshnessProbe({
                ask,
                replicas: target.urls,
                uncached,
                tokens,
                cityTokens,
                probed: PROBED,
                latest,
                month,
                dashboardVariables,
              })
            : null;
        const monitor = process.env.BENCH_MONITOR ? system.monitor() : null;
        const figures = await measure(target, run, system);
        await monitor?.stop();
        if (probe) figures.freshness = await probe.stop();
        figures.round = round;
        results.push(figures);
        log(describe(figures));
      }
    }
  }
  const contention = gateways.uncached
    ? await contendedSpending({ ask, url: gateways.uncached, cityTokens, year, month })
    : null;
  report(results, system.rss(), contention);
} finally {
  await system.stop();
}

function corrected(report, delta) {
  return {
    benefitHouseholds: report.benefitHouseholds,
    eligibleJobseekers: report.eligibleJobseekers + delta,
    eligibleJobseekersUnder25: report.eligibleJobseekersUnder25,
    longTermRecipients: report.longTermRecipients,
    integrations: report.integrations,
    subsistenceBenefits: report.subsistenceBenefits,
  };
}

/** One autocannon run against a target (its replicas round-robin), with CPU and SQL per request. */
async function measure(target, run, system) {
  await system.resetStatements();
  const cpuBefore = system.cpu();
  let errors = 0;
  let counter = 0;
  const instances = target.urls.map((url, index) =>
    autocannon({
      url,
      method: 'POST',
      connections: Math.max(1, Math.round(run.connections / target.urls.length)),
      duration: run.seconds,
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (request) => {
            const picked = run.pick(counter++ * target.urls.length + index);
            return {
              ...request,
              headers: { ...request.headers, authorization: picked.authorization },
              body: picked.body,
            };
          },
          onResponse: (status, body) => {
            if (status !== 200 || body.includes('"errors"')) {
              errors += 1;
              if (errors <= 3)
                log(`${target.name} ${run.scenario}: ${status} ${body.slice(0, 300)}`);
            }
          },
        },
      ],
    }),
  );
  const answers = await Promise.all(instances);
  const cpuAfter = system.cpu();
  const statements = await system.statements();
  const requests = answers.reduce((sum, answer) => sum + answer.requests.total, 0);
  const cpu = {};
  for (const name of Object.keys(cpuAfter)) {
    const isOtherGateway =
      !SERVICES.includes(name) &&
      !['postgres', 'kafka'].includes(name) &&
      !target.processes.includes(name);
    if (isOtherGateway) continue;
    cpu[name] = ((cpuAfter[name] - (cpuBefore[name] ?? 0)) * 1000) / Math.max(1, requests);
  }
  const sql = {};
  for (const service of SERVICES) sql[service] = (statements[service] ?? 0) / Math.max(1, requests);
  const latency = (field) => Math.max(...answers.map((answer) => answer.latency[field]));
  return {
    target: target.name,
    scenario: run.scenario,
    connections: run.connections,
    rps: answers.reduce((sum, answer) => sum + answer.requests.average, 0),
    p50: latency('p50'),
    p99: latency('p99'),
    requests,
    errors: errors + answers.reduce((sum, answer) => sum + answer.errors + answer.timeouts, 0),
    cpuMsPerRequest: cpu,
    cpuMsTotal: Object.values(cpu).reduce((sum, value) => sum + value, 0),
    sqlPerRequest: sql,
  };
}

/**
 * Writes a caseload correction of a probed district through the first replica every 300 ms, then
 * reads the dashboard back as other roles through every replica and through the uncached gateway
 * until each shows the new figures: the eligible jobseekers (written directly), the integration
 * casework requirement (derived by personnel) and K2 (derived by governance). An old value served
 * more than 250 ms after the reference (the mutation's response for the direct figure, the first
 * uncached answer with the new value for a derived one) is a stale read.
 */
function freshnessProbe({
  ask,
  replicas,
  uncached,
  tokens,
  cityTokens,
  probed,
  latest,
  month,
  dashboardVariables,
}) {
  let running = true;
  const delays = [];
  const byFigure = { direct: [], staffing: [], k2: [] };
  let stale = 0;
  let readYourWritesMisses = 0;
  let writes = 0;
  const figuresOf = (answer, districtId) => {
    const district = answer.data?.districts?.find((candidate) => candidate.id === districtId);
    return (
      district && {
        direct: district.latestCaseloadReport.eligibleJobseekers,
        staffing: district.staffingRequirement?.integration.requiredFte,
        k2: district.benchmark?.k2.value,
      }
    );
  };
  const readers = [
    ...replicas.map((url, index) => ({
      name: `replica-${index + 1}`,
      url,
      token: index % 2 === 0 ? tokens.chair : tokens.member,
    })),
  ];
  const loop = (async () => {
    while (running) {
      const districtId = probed[writes % probed.length];
      writes += 1;
      const before = figuresOf(
        await ask(uncached, tokens.county, DASHBOARD, dashboardVariables),
        districtId,
      );
      // Each probed district alternates between its demo figures and 300 more eligible jobseekers
      // (from what it shows now, so that every write changes the figures).
      const raise = before.direct === latest[districtId].eligibleJobseekers;
      const figures = corrected(latest[districtId], raise ? 300 : 0);
      const answer = await ask(replicas[0], cityTokens[districtId], CORRECT, {
        input: { districtId, month, figures, reason: 'Probe' },
      });
      const written = Date.now();
      if (answer.errors) {
        log(`probe write failed: ${JSON.stringify(answer.errors).slice(0, 200)}`);
        break;
      }
      // When each figure first showed its new value: the direct one at the mutation's response,
      // the derived ones when the uncached gateway first shows them changed.
      const reference = { direct: written, staffing: null, k2: null };
      const newValue = { direct: figures.eligibleJobseekers, staffing: null, k2: null };
      let uncachedDone = false;
      const watchUncached = (async () => {
        for (
          const deadline = Date.now() + 5000;
          Date.now() < deadline && (reference.staffing === null || reference.k2 === null);
        ) {
          const now = figuresOf(
            await ask(uncached, tokens.county, DASHBOARD, dashboardVariables),
            districtId,
          );
          for (const figure of ['staffing', 'k2']) {
            if (reference[figure] === null && now[figure] !== before[figure]) {
              reference[figure] = Date.now();
              newValue[figure] = now[figure];
            }
          }
        }
        uncachedDone = true;
      })();
      const watchReplica = async (reader) => {
        const seen = { direct: null, staffing: null, k2: null };
        let first = true;
        for (
          const deadline = Date.now() + 5000;
          Date.now() < deadline &&
          Object.keys(seen).some(
            (f) => seen[f] === null && (!uncachedDone || reference[f] !== null),
          );
          first = false
        ) {
          const sent = Date.now();
          const now = figuresOf(
            await ask(reader.url, reader.token, DASHBOARD, dashboardVariables),
            districtId,
          );
          for (const figure of Object.keys(seen)) {
            if (seen[figure] !== null) continue;
            if (newValue[figure] !== null && now[figure] === newValue[figure]) {
              seen[figure] = Date.now();
              continue;
            }
            if (now[figure] !== before[figure]) continue;
            // Through the replica that answered the write, the write must show at once.
            if (figure === 'direct' && first && reader.name === 'replica-1')
              readYourWritesMisses += 1;
            if (reference[figure] !== null && sent > reference[figure] + 250) stale += 1;
          }
        }
        return seen;
      };
      const seen = await Promise.all(readers.map((reader) => watchReplica(reader)));
      await watchUncached;
      for (const at of seen) {
        for (const figure of Object.keys(at)) {
          if (at[figure] !== null && reference[figure] !== null) {
            delays.push(Math.max(0, at[figure] - reference[figure]));
            byFigure[figure].push(Math.max(0, at[figure] - reference[figure]));
          }
        }
      }
      await new Promise((done) => setTimeout(done, 300));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      delays.sort((a, b) => a - b);
      const at = (q) =>
        delays.length ? delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] : null;
      const quantiles = (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const q = (f) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? null;
        return { p50: q(0.5), p99: q(0.99), samples: sorted.length };
      };
      return {
        writes,
        stale,
        readYourWritesMisses,
        samples: delays.length,
        p50: at(0.5),
        p99: at(0.99),
        byFigure: Object.fromEntries(
          Object.entries(byFigure).map(([figure, values]) => [figure, quantiles(values)]),
        ),
      };
    },
  };
}

async function prepareVotes(url, officeToken, year, ask) {
  const board = await ask(url, officeToken, '{ board { seats { id member { id } } } }');
  const seats = board.data.board.seats;
  const meeting = await ask(
    url,
    officeToken,
    'mutation($at: DateTime!) { scheduleMeeting(body: BOARD, scheduledFor: $at) { id } }',
    { at: new Date().toISOString() },
  );
  const meetingId = meeting.data.scheduleMeeting.id;
  for (let i = 0; i < 60; i += 1) {
    const submission = await ask(
      url,
      officeToken,
      'mutation($input: SubmissionInput!) { createSubmission(input: $input) { id } }',
      {
        input: {
          title: `Vorlage ${i + 1} zur Lastmessung`,
          text: 'Eine allgemeine Vorlage, über die der Vorstand abstimmt.',
          authorUnit: 'Geschäftsstelle',
          kind: 'GENERAL',
        },
      },
    );
    await ask(
      url,
      officeToken,
      'mutation($m: ID!, $s: ID!) { addAgendaItem(meetingId: $m, submissionId: $s) { id } }',
      { m: meetingId, s: submission.data.createSubmission.id },
    );
  }
  const held = await ask(
    url,
    officeToken,
    'mutation($m: ID!, $a: [AttendanceInput!]!) { holdMeeting(meetingId: $m, attendance: $a) { id resolutions { id } } }',
    {
      m: meetingId,
      a: seats.map((seat) => ({ seatId: seat.id, attendedBy: 'MEMBER' })),
    },
  );
  if (held.errors) throw new Error(`could not prepare votes: ${JSON.stringify(held.errors)}`);
  const votes = [];
  for (const resolution of held.data.holdMeeting.resolutions) {
    for (const seat of seats) {
      const role = seat.id === 'chair' ? 'board_chair' : 'board_member';
      votes.push({
        resolutionId: resolution.id,
        token: await token({ subject: seat.member.id, roles: [role] }),
      });
    }
  }
  void year;
  return votes;
}

function describe(figures) {
  const cpu = Object.entries(figures.cpuMsPerRequest)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
    .join(', ');
  const fresh = figures.freshness
    ? ` | freshness p50 ${figures.freshness.p50} ms p99 ${figures.freshness.p99} ms, stale ${figures.freshness.stale} (${Object.entries(
        figures.freshness.byFigure,
      )
        .map(([figure, q]) => `${figure} ${q.p50}/${q.p99} ms`)
        .join(', ')})`
    : '';
  return `round ${figures.round} ${figures.target} ${figures.scenario} x${figures.connections}: ${figures.rps.toFixed(1)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, errors ${figures.errors}; CPU ms/request ${figures.cpuMsTotal.toFixed(1)} (${cpu})${fresh}`;
}

/**
 * 200 concurrent spending records on one district's allocation: how many were accepted (exactly
 * those that fit), whether the allocation was overspent, and the latencies, beside one record
 * alone.
 */
async function contendedSpending({ ask, url, cityTokens, year, month }) {
  const districtId = 'gladbeck';
  const token = cityTokens[districtId];
  const ALLOCATION = `{ district(id: "${districtId}") { budgetAllocation(fiscalYear: ${year}) { allocated spent remaining } } }`;
  const before = (await ask(url, token, ALLOCATION)).data.district.budgetAllocation;
  const amount = Math.floor(before.remaining / 150) + 1;
  const fitting = Math.floor(before.remaining / amount);
  const record = async (reference) => {
    const started = performance.now();
    const answer = await ask(url, token, SPEND, {
      input: {
        districtId,
        fiscalYear: year,
        kind: 'COMMITMENT',
        amount,
        purpose: 'Maßnahme zur Lastmessung',
        legalBasis: '§ 16 Abs. 1 SGB II',
        bookedOn: `${year}-${month.slice(5)}-20`,
        documentReference: reference,
      },
    });
    return { ms: performance.now() - started, accepted: !answer.errors };
  };
  const alone = await record('CONTENTION-ALONE');
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, n) => record(`CONTENTION-${n}`)),
  );
  const after = (await ask(url, token, ALLOCATION)).data.district.budgetAllocation;
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const figures = {
    requests: 200,
    accepted: results.filter((r) => r.accepted).length,
    fitting: fitting - 1,
    overspent: after.spent > after.allocated,
    p50: Math.round(at(0.5)),
    p99: Math.round(at(0.99)),
    aloneMs: Math.round(alone.ms),
  };
  console.log(
    `\n200 concurrent spending records on one allocation: ${figures.accepted} accepted (${figures.fitting} fit after one alone), ` +
      `overspent: ${figures.overspent}; p50 ${figures.p50} ms, p99 ${figures.p99} ms; one alone ${figures.aloneMs} ms ` +
      `(p99 / alone ${(figures.p99 / Math.max(1, figures.aloneMs)).toFixed(1)}x)`,
  );
  return figures;
}

function report(all, rss, contention) {
  const best = (target, scenario, connections) =>
    all
      .filter(
        (r) => r.target === target && r.scenario === scenario && r.connections === connections,
      )
      .sort((a, b) => b.rps - a.rps)[0];
  const scenarios = [
    ['dashboard', 16],
    ['dashboard', 1],
    ['units', 16],
    ['mixed', 16],
  ];
  const names = [...new Set(all.map((r) => r.target))];
  console.log(
    '\nBest run of each target (req/s, p50 / p99 ms, errors, CPU ms per request over all processes):',
  );
  console.log(`| target | ${scenarios.map(([s, c]) => `${s} x${c}`).join(' | ')} |`);
  console.log(`|---|${scenarios.map(() => '---').join('|')}|`);
  for (const name of names) {
    const cells = scenarios.map(([s, c]) => {
      const r = best(name, s, c);
      return r
        ? `${r.rps.toFixed(0)} req/s, ${r.p50} / ${r.p99} ms, ${r.errors} err, ${r.cpuMsTotal.toFixed(1)} ms CPU`
        : '-';
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log(
    '\nCPU ms per dashboard request (x16) by process, and SQL statements per request by service:',
  );
  for (const name of names) {
    const r = best(name, 'dashboard', 16);
    if (!r) continue;
    const cpu = Object.entries(r.cpuMsPerRequest)
      .map(([n, ms]) => `${n} ${ms.toFixed(2)}`)
      .join(', ');
    const sql = Object.entries(r.sqlPerRequest)
      .map(([n, count]) => `${n} ${count.toFixed(2)}`)
      .join(', ');
    console.log(`${name}: CPU ${cpu} | SQL ${sql}`);
  }
  const dashboard = (name) => best(name, 'dashboard', 16);
  const ratio = (a, b) => (a && b ? Number((a.rps / b.rps).toFixed(2)) : null);
  const mixed = best('project', 'mixed', 16);
  const freshness = all.filter((r) => r.freshness).map((r) => r.freshness);
  console.log(
    `\nRSS after the run (MB): ${Object.entries(rss)
      .map(([n, mb]) => `${n} ${mb.toFixed(0)}`)
      .join(', ')}`,
  );
  if (dashboard('project')) {
    console.log(
      `ratio project / stock: ${ratio(dashboard('project'), dashboard('stock'))}x, project / Hive: ${ratio(dashboard('project'), dashboard('hive'))}x, uncached / stock: ${ratio(dashboard('uncached'), dashboard('stock'))}x`,
    );
  }
  // The project's own processes: the services and its gateways (the peers are shown above).
  const ownRss = Object.entries(rss).filter(
    ([n]) => SERVICES.includes(n) || n.startsWith('project') || n === 'uncached',
  );
  const summary = {
    dashboard_rps: dashboard('project')?.rps ?? null,
    stock_rps: dashboard('stock')?.rps ?? null,
    hive_rps: dashboard('hive')?.rps ?? null,
    hive_nodedup_rps: dashboard('hive-nodedup')?.rps ?? null,
    uncached_rps: dashboard('uncached')?.rps ?? null,
    ratio_vs_stock: ratio(dashboard('project'), dashboard('stock')),
    ratio_vs_hive: ratio(dashboard('project'), dashboard('hive')),
    p99_ms: dashboard('project')?.p99 ?? null,
    mixed_p99_ms: mixed?.p99 ?? null,
    stale_reads: freshness.length ? freshness.reduce((sum, f) => sum + f.stale, 0) : null,
    read_your_writes_misses: freshness.length
      ? freshness.reduce((sum, f) => sum + f.readYourWritesMisses, 0)
      : null,
    freshness_p99_ms: freshness.length ? Math.max(...freshness.map((f) => f.p99 ?? 0)) : null,
    uncached_cpu_ms_per_request: dashboard('uncached')?.cpuMsTotal ?? null,
    uncached_cpu_ms_per_request_1_connection: best('uncached', 'dashboard', 1)?.cpuMsTotal ?? null,
    uncached_ratio_vs_stock: ratio(dashboard('uncached'), dashboard('stock')),
    max_rss_mb: Math.max(...ownRss.map(([, mb]) => mb)),
    contended_writes_p99_ms: contention?.p99 ?? null,
    contended_writes_exact: contention
      ? contention.accepted === contention.fitting && !contention.overspent
      : null,
    errors: all.reduce((sum, r) => sum + r.errors, 0),
  };
  console.log(JSON.stringify(summary));
}
