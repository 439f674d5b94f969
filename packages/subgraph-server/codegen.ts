import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { Kind, parse, type TypeNode } from 'graphql';

/**
 * The resolver types of a subgraph: graphql-codegen (typescript + typescript-resolvers) writes
 * `Resolvers` for the service's src/schema.graphql into src/resolvers/generated.ts, which `build`
 * and `typecheck` regenerate first (the file is not committed). A resolver map typed with it is
 * checked against the schema: argument types, parent records, results, `__resolveReference`.
 */
export interface ResolverCodegenOptions {
  /** The request context, `path#Name` relative to src/resolvers, e.g. `../context#DistrictsContext`. */
  contextType: string;
  /**
   * The record a resolver returns for a GraphQL type (and receives as its parent), `path#Name`
   * relative to src/resolvers. Types left out are the plain objects of their GraphQL shape.
   */
  mappers?: Record<string, string>;
  /**
   * An enum whose resolver map gives its values other internal values: the internal type,
   * `path#Name` relative to src/resolvers (arguments and results then carry the internal values).
   */
  enumValues?: Record<string, string>;
}

const SCHEMA = 'src/schema.graphql';
const OUTPUT = 'src/resolvers/generated.ts';

const namedType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);

/**
 * Every Relay connection type of the schema (`edges`, `nodes`, `totalCount`) as the connection
 * that connectionLoader and keysetPage return: its `totalCount` is a function, counted only when
 * selected, which the GraphQL shape does not say.
 */
function connectionMappers(sdl: string): Record<string, string> {
  const mappers: Record<string, string> = {};
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const fields = new Map(definition.fields?.map((field) => [field.name.value, field.type]));
    const nodes = fields.get('nodes');
    if (!nodes || !fields.has('edges') || !fields.has('totalCount')) continue;
    mappers[definition.name.value] =
      `@jobcenter/subgraph-server#Connection<ResolversParentTypes['${namedType(nodes)}']>`;
  }
  return mappers;
}

export function resolverCodegen(options: ResolverCodegenOptions): CodegenConfig {
  return {
    schema: SCHEMA,
    generates: {
      [OUTPUT]: {
        plugins: ['typescript', 'typescript-resolvers'],
        config: {
          federation: true,
          useTypeImports: true,
          enumsAsTypes: true,
          strictScalars: true,
          // The scalars of packages/subgraph-server/src/scalars.ts; DateTime parses to a Date and
          // serializes a Date or an ISO string. _FieldSet is federation's, used by @key only.
          scalars: {
            YearMonth: 'string',
            Cents: 'number',
            DateTime: { input: 'Date', output: 'Date | string' },
            JSON: 'unknown',
            _FieldSet: 'string',
          },
          contextType: options.contextType,
          // `Person` the record is imported as PersonModel beside `Person` the GraphQL type.
          mapperTypeSuffix: 'Model',
          mappers: { ...connectionMappers(readFileSync(SCHEMA, 'utf8')), ...options.mappers },
          enumValues: options.enumValues ?? {},
        },
      },
    },
  };
}
