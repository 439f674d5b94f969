#!/usr/bin/env node
// The client schema contract: composes the API schema from the subgraphs' SDL and fails when
// schema/api.graphql is not that composition (run the build and commit it), or when it breaks
// the released schema schema/api.released.graphql. `--release` makes the composed schema the
// released one (the acknowledged breaking change of docs/schema-changes.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeApiSchema, subgraphDefinitions } from './compose';
import { compareClientSchemas } from './schema-contract';

const API_SCHEMA_PATH = join(__dirname, '../../schema/api.graphql');
export const RELEASED_SCHEMA_PATH = join(__dirname, '../../schema/api.released.graphql');

const composed = composeApiSchema(subgraphDefinitions());
if (process.argv.includes('--release')) {
  writeFileSync(API_SCHEMA_PATH, composed);
  writeFileSync(RELEASED_SCHEMA_PATH, composed);
  console.log(`released: ${RELEASED_SCHEMA_PATH} is the composed API schema`);
  process.exit(0);
}

let failed = false;
if (readFileSync(API_SCHEMA_PATH, 'utf8') !== composed) {
  console.error(
    'schema/api.graphql is not the composed API schema: run `npx turbo run build` and commit it',
  );
  failed = true;
}
const { breaking, dangerous } = compareClientSchemas(
  readFileSync(RELEASED_SCHEMA_PATH, 'utf8'),
  composed,
);
for (const change of dangerous)
  console.warn(`dangerous (clients may behave differently): ${change}`);
if (breaking.length > 0) {
  console.error(
    `${breaking.length} breaking change(s) against schema/api.released.graphql:\n` +
      breaking.map((change) => `  - ${change}`).join('\n') +
      '\nDeprecate instead (docs/schema-changes.md), or release the break with `npm run schema:release`.',
  );
  failed = true;
}
if (failed) process.exit(1);
console.log('client schema: no breaking change against schema/api.released.graphql');
