#!/usr/bin/env node
// Benchmark: what the gateway costs. The same query ("all eleven units with their latest caseload
// report") is sent N times straight to the districts subgraph and N times through the gateway, in
// one process, against a real PostgreSQL and Kafka; it prints median and p99 of each and the
// ratios. Usage: node bench/gateway-overhead.mjs [--requests 300]
import { parseArgs } from 'node:util';
import { compare, measure, startBench } from './support.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Number(values.requests);
const QUERY =
  '{ units { id name ... on District { sizeGroup latestCaseloadReport { month eligibleJobseekers subsistenceBenefits } } } }';
const elevenUnits = (data) => data?.units?.length === 11;

const bench = await startBench();
try {
  const districts = await bench.districts();
  const gateway = await bench.gateway(districts.url);
  await compare(
    `query: all eleven units with their latest report, ${requests} sequential requests each`,
    {
      label: 'direct to subgraph',
      run: () => measure(districts.url, bench.token, QUERY, requests, elevenUnits),
    },
    {
      label: 'through gateway',
      run: () => measure(gateway.url, bench.token, QUERY, requests, elevenUnits),
    },
    'gateway/direct',
  );
} finally {
  await bench.stop();
}
process.exit(0);
