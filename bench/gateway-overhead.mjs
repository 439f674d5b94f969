#!/usr/bin/env node
// Benchmark: what the gateway costs. The same query ("all eleven units with their latest caseload
// report") is sent N times straight to the districts subgraph and N times through the gateway, in
// one process, against a real PostgreSQL and Kafka; it prints median and p99 of each and the
// ratios. Usage: node bench/gateway-overhead.mjs [--requests 300]
import { parseArgs } from 'node:util';
import { better, measure, ms, startBench } from './support.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Number(values.requests);
const QUERY =
  '{ units { id name ... on District { sizeGroup latestCaseloadReport { month eligibleJobseekers subsistenceBenefits } } } }';
const elevenUnits = (data) => data?.units?.length === 11;

const bench = await startBench();
try {
  const districts = await bench.districts();
  const gateway = await bench.gateway(districts.url);
  // Baseline before and after the candidate, so that both see the same machine state.
  const direct = await measure(districts.url, bench.token, QUERY, requests, elevenUnits);
  const viaGateway = await measure(gateway.url, bench.token, QUERY, requests, elevenUnits);
  const baseline = better(
    direct,
    await measure(districts.url, bench.token, QUERY, requests, elevenUnits),
  );
  console.log(
    `query: all eleven units with their latest report, ${requests} sequential requests each`,
  );
  console.log(`direct to subgraph: median ${ms(baseline.median)}, p99 ${ms(baseline.p99)}`);
  console.log(`through gateway:    median ${ms(viaGateway.median)}, p99 ${ms(viaGateway.p99)}`);
  console.log(
    `ratio gateway/direct: median ${(viaGateway.median / baseline.median).toFixed(2)}x, p99 ${(viaGateway.p99 / baseline.p99).toFixed(2)}x`,
  );
} finally {
  await bench.stop();
}
process.exit(0);
