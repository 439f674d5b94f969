#!/usr/bin/env node
// Benchmark: what the federated view of a district office costs. One query lists the ten
// districts with their latest caseload (districts service only); the other adds each district's
// staffing requirement (personnel) and this year's allocation and spending (budget), so the
// gateway plans three subgraph fetches. Both go through the same gateway, in one process, against
// a real PostgreSQL and Kafka, with the demo data of every service (the allocation is adopted by
// the governance demo's resolution, as in `npm start`). Prints median and p99 and the ratios.
// Usage: node bench/district-view.mjs [--requests 300]
import { parseArgs } from 'node:util';
import { compare, measure, startBench } from './support.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Number(values.requests);
const year = new Date().getUTCFullYear();
const CASELOAD =
  '{ districts { id name latestCaseloadReport { month benefitHouseholds eligibleJobseekers } } }';
const FEDERATED = `{ districts { id name latestCaseloadReport { month benefitHouseholds eligibleJobseekers }
  staffingRequirement { benefits { requiredFte heldFte gapFte } integration { requiredFte heldFte gapFte } }
  budgetAllocation(fiscalYear: ${year}) { allocated spent remaining } } }`;
const tenDistricts = (data) => data?.districts?.length === 10;
const complete = (data) =>
  tenDistricts(data) &&
  data.districts.every((d) => d.staffingRequirement && d.budgetAllocation?.spent > 0);

const bench = await startBench();
try {
  const districts = await bench.districts();
  const [governance, personnel, budget] = await Promise.all(
    ['governance', 'personnel', 'budget'].map((name) => bench.service(name)),
  );
  const gateway = await bench.gateway(districts.url, undefined, {
    SUBGRAPH_GOVERNANCE_URL: governance.url,
    SUBGRAPH_PERSONNEL_URL: personnel.url,
    SUBGRAPH_BUDGET_URL: budget.url,
  });
  // The demo data arrives through Kafka: wait until every district has its requirement and spending.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bench.token}` },
      body: JSON.stringify({ query: FEDERATED }),
    });
    if (complete((await response.json()).data)) break;
    if (Date.now() > deadline) throw new Error('the demo data did not arrive within 3 minutes');
    await new Promise((done) => setTimeout(done, 1000));
  }
  await compare(
    `ten districts through the gateway, ${requests} sequential requests each`,
    {
      label: 'caseload only (1 subgraph)',
      run: () => measure(gateway.url, bench.token, CASELOAD, requests, tenDistricts),
    },
    {
      label: 'with staffing gap and allocation (3 subgraphs)',
      run: () => measure(gateway.url, bench.token, FEDERATED, requests, complete),
    },
    'federated/caseload only',
  );
} finally {
  await bench.stop();
}
process.exit(0);
