#!/usr/bin/env node
// npm run migration:new -- <service> <Name>: writes services/<service>/src/migrations/<timestamp>-<name>.ts
// (a TypeORM migration of plain SQL, as the others are) and lists it last in that folder's index.ts.
// The timestamp is now in milliseconds, later than every migration the service runs already.
// The new migration refuses to run until its SQL is written. Bad arguments change nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run migration:new -- <service> <Name>   e.g. budget AddSpendingNotes';

function fail(message) {
  console.error(`migration:new: ${message}\n${USAGE}`);
  process.exit(1);
}

const [service, name, ...rest] = process.argv.slice(2);
if (!service || !name || rest.length > 0) fail('give a service and a name, nothing else');

const services = readdirSync(join(root, 'services')).filter((entry) =>
  existsSync(join(root, 'services', entry, 'src/migrations/index.ts')),
);
if (!services.includes(service)) {
  fail(`${JSON.stringify(service)} is not a service with migrations (${services.join(', ')})`);
}
// PascalCase (AddSpendingNotes) or kebab-case (add-spending-notes); letters and digits only.
if (!/^(?:[A-Z][A-Za-z0-9]*|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$/.test(name)) {
  fail(`${JSON.stringify(name)} is not a name in PascalCase or kebab-case (letters and digits)`);
}
const words = name.includes('-') || /^[a-z]/.test(name) ? name.split('-') : splitPascal(name);
const kebab = words.map((word) => word.toLowerCase()).join('-');
const pascal = words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');

const folder = join(root, 'services', service, 'src/migrations');
const indexPath = join(folder, 'index.ts');
const index = readFileSync(indexPath, 'utf8');
const existing = readdirSync(folder)
  .map((file) => /^(\d{13})-(.+)\.ts$/.exec(file))
  .filter(Boolean);
if (existing.some(([, , existingName]) => existingName === kebab)) {
  fail(`services/${service}/src/migrations has a migration named ${kebab} already`);
}
// Shared migrations (e.g. ChangeNotices1764900000000 of @jobcenter/events) count too.
const latest = Math.max(
  0,
  ...existing.map(([, timestamp]) => Number(timestamp)),
  ...[...index.matchAll(/[A-Za-z]+(\d{13})\b/g)].map(([, timestamp]) => Number(timestamp)),
);
const timestamp = Math.max(Date.now(), latest + 1);
const className = `${pascal}${timestamp}`;
const file = `${timestamp}-${kebab}`;

const arrayEnd = index.lastIndexOf('];');
const lastImport = [...index.matchAll(/^import .*;$/gm)].at(-1);
if (arrayEnd < 0 || !lastImport || !/export const migrations = \[/.test(index)) {
  fail(`${relative(root, indexPath)} does not end with "export const migrations = [ ... ];"`);
}
const afterImports = lastImport.index + lastImport[0].length;
const updated =
  index.slice(0, afterImports) +
  `\nimport { ${className} } from './${file}';` +
  index.slice(afterImports, arrayEnd) +
  `  ${className},\n` +
  index.slice(arrayEnd);

const migration = `import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What this migration changes in ${service}'s tables, and why. */
export class ${className} implements MigrationInterface {
  name = '${className}';

  // Plain SQL (await runner.query(...)), never entities; never edit it once it has run anywhere.
  async up(_runner: QueryRunner): Promise<void> {
    throw new Error('${className}: up() is not written yet (${relative(root, join(folder, file))}.ts)');
  }

  async down(_runner: QueryRunner): Promise<void> {
    throw new Error('${className}: down() is not written yet (${relative(root, join(folder, file))}.ts)');
  }
}
`;

// Formatted as prettier --check (npm run lint) wants it.
const format = async (source, path) =>
  prettier.format(source, { ...(await prettier.resolveConfig(path)), filepath: path });
const migrationPath = join(folder, `${file}.ts`);
const formatted = [await format(migration, migrationPath), await format(updated, indexPath)];
writeFileSync(migrationPath, formatted[0], { flag: 'wx' });
writeFileSync(indexPath, formatted[1]);
console.log(
  `wrote ${relative(root, join(folder, file))}.ts (${className}), listed last in ${relative(root, indexPath)}`,
);

function splitPascal(value) {
  return value.match(/[A-Z][a-z0-9]*/g);
}
