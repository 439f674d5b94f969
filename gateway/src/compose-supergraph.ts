#!/usr/bin/env node
// Build step: composes gateway/supergraph.graphql from the subgraphs' SDL files, and the client
// schema schema/api.graphql (checked in; frontends' operations are typed against it). A
// composition error fails the build. URLs come from the SUBGRAPH_*_URL variables (defaults: local ports).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeApiSchema, composeSupergraph, subgraphDefinitions } from './compose';
import { loadGatewayConfig } from './config';

export const API_SCHEMA_PATH = join(__dirname, '../../schema/api.graphql');

try {
  const config = loadGatewayConfig();
  const subgraphs = subgraphDefinitions(config);
  writeFileSync(config.SUPERGRAPH_PATH, composeSupergraph(subgraphs));
  console.log(`supergraph composed: ${config.SUPERGRAPH_PATH}`);
  writeFileSync(API_SCHEMA_PATH, composeApiSchema(subgraphs));
  console.log(`API schema written: ${API_SCHEMA_PATH}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
