import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeApiSchema, subgraphDefinitions } from '@jobcenter/gateway';
import { compareClientSchemas } from '../gateway/src/schema-contract';

const RELEASED = readFileSync(join(__dirname, '../schema/api.released.graphql'), 'utf8');

/** The API schema composed from the subgraphs' SDL, with one subgraph's SDL changed by `edit`. */
function composedWith(subgraph: string, edit: (sdl: string) => string): string {
  return composeApiSchema(
    subgraphDefinitions().map((definition) =>
      definition.name === subgraph ? { ...definition, sdl: edit(definition.sdl) } : definition,
    ),
  );
}

function replaced(sdl: string, from: string, to: string): string {
  expect(sdl).toContain(from);
  return sdl.replace(from, to);
}

describe('the client schema contract', () => {
  it('finds no breaking change between the released schema and the one composed now', () => {
    expect(
      compareClientSchemas(RELEASED, composeApiSchema(subgraphDefinitions())).breaking,
    ).toEqual([]);
  });

  it('fails on a removed field, naming it', () => {
    const current = composedWith('personnel', (sdl) =>
      replaced(sdl, '  employee(id: ID!): Employee\n', ''),
    );
    expect(compareClientSchemas(RELEASED, current).breaking).toEqual([
      'FIELD_REMOVED: Query.employee was removed.',
    ]);
  });

  it('fails on a new required argument', () => {
    const current = composedWith('districts', (sdl) =>
      replaced(
        sdl,
        '  latestCaseloadReport: CaseloadReport\n',
        '  latestCaseloadReport(before: YearMonth!): CaseloadReport\n',
      ),
    );
    expect(compareClientSchemas(RELEASED, current).breaking).toEqual([
      'REQUIRED_ARG_ADDED: A required arg before on District.latestCaseloadReport was added.',
    ]);
  });

  it('takes a deprecation or an added field as no break', () => {
    const current = composedWith('personnel', (sdl) =>
      replaced(
        sdl,
        '  employee(id: ID!): Employee\n',
        '  employee(id: ID!): Employee @deprecated(reason: "Use node.")\n  staffSize: Int\n',
      ),
    );
    expect(compareClientSchemas(RELEASED, current)).toEqual({ breaking: [], dangerous: [] });
  });

  it('is checked by the command CI runs: schema/api.graphql is the composition and breaks nothing', () => {
    const output = execFileSync(
      process.execPath,
      [join(__dirname, '../gateway/dist/check-client-schema.js')],
      { encoding: 'utf8' },
    );
    expect(output).toContain('no breaking change');
  });
});
