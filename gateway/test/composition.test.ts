import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeApiSchema, composeSupergraph, subgraphDefinitions } from '@jobcenter/gateway';

describe('supergraph composition from the SDL files', () => {
  it('composes every subgraph and routes District to the districts service', () => {
    const supergraph = composeSupergraph(
      subgraphDefinitions({ SUBGRAPH_DISTRICTS_URL: 'http://districts:4101/graphql' }),
    );
    expect(supergraph).toContain(
      'join__graph(name: "districts", url: "http://districts:4101/graphql")',
    );
    expect(supergraph).toMatch(
      /type District implements JobcenterUnit\s+@join__implements\(graph: DISTRICTS, interface: "JobcenterUnit"\)(\s+@join__type\(graph: \w+, key: "id"\))*\s+@join__type\(graph: DISTRICTS, key: "id"\)/,
    );
  });

  it('fails with the composition errors when two subgraphs disagree', () => {
    const [districts] = subgraphDefinitions();
    const clash = {
      name: 'clash',
      url: 'http://clash/graphql',
      sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
            type District @key(fields: "id") { id: ID! name: Int! }`,
    };
    expect(() => composeSupergraph([districts!, clash])).toThrow(
      /do not compose[\s\S]*District\.name/,
    );
  });

  it('keeps the checked-in client schema (schema/api.graphql) equal to the composed one, without federation machinery', () => {
    const api = composeApiSchema(subgraphDefinitions());
    expect(readFileSync(join(__dirname, '../../schema/api.graphql'), 'utf8')).toBe(api);
    expect(api).toContain('type District implements JobcenterUnit {');
    expect(api).not.toMatch(/_entities|_Any|join__|@key|_service/);
    // Sorted: a diff shows only what changed.
    const types = [...api.matchAll(/^(?:type|enum|input|interface|scalar) (\w+)/gm)].map(
      (m) => m[1]!,
    );
    expect(types).toEqual([...types].sort());
  });
});
