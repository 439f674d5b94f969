import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types every operation of the page against the composed client schema that the gateway's build
 * writes (schema/api.graphql): an operation the schema no longer supports fails the build.
 */
const config: CodegenConfig = {
  schema: '../../schema/api.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { Cents: 'number', YearMonth: 'string', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
