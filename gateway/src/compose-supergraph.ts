#!/usr/bin/env node
// Build step: composes gateway/supergraph.graphql from the subgraphs' SDL files. A composition
// error fails the build. URLs come from the SUBGRAPH_*_URL variables (defaults: local ports).
import { writeFileSync } from 'node:fs';
import { composeSupergraph, subgraphDefinitions } from './compose';
import { loadGatewayConfig } from './config';

try {
  const config = loadGatewayConfig();
  const supergraph = composeSupergraph(subgraphDefinitions(config));
  writeFileSync(config.SUPERGRAPH_PATH, supergraph);
  console.log(`supergraph composed: ${config.SUPERGRAPH_PATH}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
