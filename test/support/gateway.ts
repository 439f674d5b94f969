import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@jobcenter/logger';
import {
  composeSupergraph,
  loadGatewayConfig,
  startGateway,
  type RunningGateway,
  type SubgraphDefinition,
} from '@jobcenter/gateway';
import { testKafkaBrokers } from '@jobcenter/testing';

/** A gateway on a free port over a supergraph composed from `subgraphs`, as the build composes it. */
export async function startTestGateway(
  subgraphs: SubgraphDefinition[],
  env: Record<string, string> = {},
): Promise<RunningGateway> {
  const path = join(mkdtempSync(join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
  writeFileSync(path, composeSupergraph(subgraphs));
  const config = loadGatewayConfig({
    PORT: '0',
    SUPERGRAPH_PATH: path,
    SUBGRAPH_TIMEOUT_MS: '3000',
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    ...env,
  });
  return startGateway(config, createLogger('gateway-test', process.env.TEST_LOG_LEVEL ?? 'silent'));
}
