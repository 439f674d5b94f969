#!/usr/bin/env node
// Benchmark: what routing across city-owned districts instances costs. The same list query
// ("every district with its latest report") goes through a gateway over one central instance and
// through a gateway over two instances (Marl alone, the other nine with the Fachbereich), in one
// process, against a real PostgreSQL and Kafka; it prints median and p99 of each and the ratios.
// Usage: node bench/district-routing.mjs [--requests 300]
import { parseArgs } from 'node:util';
import { compare, measure, startBench } from './support.mjs';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const requests = Number(values.requests);
const QUERY =
  '{ districts { id name sizeGroup latestCaseloadReport { month eligibleJobseekers longTermRecipients } } }';
const tenDistricts = (data) => data?.districts?.length === 10 && data.districts[6].id === 'marl';

const bench = await startBench();
try {
  const [single, central, marl] = await Promise.all([
    bench.districts('all'),
    bench.districts('all,-marl'),
    bench.districts('marl'),
  ]);
  const oneInstance = await bench.gateway(single.url);
  const twoInstances = await bench.gateway(central.url, [
    { name: 'marl', url: marl.url, districts: ['marl'] },
    { name: 'central', url: central.url, districts: '*' },
  ]);
  await compare(
    `query: the ten districts with their latest report, through the gateway, ${requests} sequential requests each`,
    {
      label: 'one instance',
      run: () => measure(oneInstance.url, bench.token, QUERY, requests, tenDistricts),
    },
    {
      label: 'two instances',
      run: () => measure(twoInstances.url, bench.token, QUERY, requests, tenDistricts),
    },
    'two/one',
  );
} finally {
  await bench.stop();
}
process.exit(0);
