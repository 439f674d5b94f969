import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The OParl 1.1 JSON Schema files of the specification (test/fixtures/oparl-1.1/README.md). */
const SCHEMA_DIR = join(__dirname, '..', 'fixtures', 'oparl-1.1');

/**
 * The spec's `"type": "object", "schema": "File.json"` marks an embedded object of that schema:
 * read as a `$ref`, so that embedded objects are validated too. On a URL (a list of a type) it
 * only names the type and is dropped.
 */
function withEmbeddedRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withEmbeddedRefs);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const embedded = entries.find(([key]) => key === 'schema')?.[1];
  const isObject = (node as { type?: unknown }).type === 'object';
  if (typeof embedded === 'string' && isObject) return { $ref: embedded };
  return Object.fromEntries(
    entries
      .filter(([key]) => key !== 'schema')
      .map(([key, value]) => [key, key === 'pattern' ? value : withEmbeddedRefs(value)]),
  );
}

/** Ajv (a JSON Schema validator) with every OParl 1.1 schema, by type name. */
export function oparlValidators(): Map<string, ValidateFunction> {
  // The spec's patterns escape `:` and `/`, valid only in JavaScript's non-Unicode regular expressions.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const names = readdirSync(SCHEMA_DIR).filter((file) => file.endsWith('.json'));
  for (const file of names) {
    ajv.addSchema(
      withEmbeddedRefs(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8'))) as object,
      file,
    );
  }
  return new Map(names.map((file) => [file.replace(/\.json$/, ''), ajv.getSchema(file)!]));
}

/** Validates an OParl object by its `type`; returns the errors (none: valid). */
export function oparlErrors(validators: Map<string, ValidateFunction>, object: unknown): string[] {
  const type = String((object as { type?: unknown })?.type ?? '').replace(
    'https://schema.oparl.org/1.1/',
    '',
  );
  const validate = validators.get(type);
  if (!validate) return [`no OParl 1.1 schema for type "${type}"`];
  return validate(object)
    ? []
    : validate.errors!.map((error) => `${type}${error.instancePath} ${error.message}`);
}
