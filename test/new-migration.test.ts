import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * scripts/new-migration.mjs (npm run migration:new) in a checkout of its own: a service with the
 * shape of the real ones, the repository's prettier configuration and node_modules.
 */
const repo = join(__dirname, '..');
const INDEX = `import { ChangeNotices1764900000000, EventTables1764000000000 } from '@jobcenter/events';
import { CreateDemo1764200000001 } from './1764200000001-create-demo';

/** In order; never edit one that has run anywhere, add a new one. */
export const migrations = [
  EventTables1764000000000,
  CreateDemo1764200000001,
  ChangeNotices1764900000000,
];
`;

describe('npm run migration:new', () => {
  let root: string;
  const migrations = () => join(root, 'services/demo/src/migrations');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(root, 'scripts/new-migration.mjs'), ...args], {
      encoding: 'utf8',
    });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'new-migration-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(repo, 'scripts/new-migration.mjs'), join(root, 'scripts/new-migration.mjs'));
    copyFileSync(join(repo, '.prettierrc.json'), join(root, '.prettierrc.json'));
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
    mkdirSync(migrations(), { recursive: true });
    writeFileSync(join(migrations(), 'index.ts'), INDEX);
    writeFileSync(join(migrations(), '1764200000001-create-demo.ts'), '');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes a timestamped migration from the template and lists it last in index.ts', () => {
    const before = Date.now();
    const result = run('demo', 'AddNotes');
    expect(result.status).toBe(0);

    const [file] = readdirSync(migrations()).filter((name) => name.endsWith('-add-notes.ts'));
    const timestamp = Number(/^(\d{13})-/.exec(file!)![1]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Date.now());
    const source = readFileSync(join(migrations(), file!), 'utf8');
    expect(source).toContain(`export class AddNotes${timestamp} implements MigrationInterface {`);
    expect(source).toContain(`name = 'AddNotes${timestamp}';`);
    expect(source).toContain(`AddNotes${timestamp}: up() is not written yet`);

    const index = readFileSync(join(migrations(), 'index.ts'), 'utf8');
    expect(index).toContain(
      `import { CreateDemo1764200000001 } from './1764200000001-create-demo';\nimport { AddNotes${timestamp} } from './${timestamp}-add-notes';\n`,
    );
    expect(index).toContain(`  ChangeNotices1764900000000,\n  AddNotes${timestamp},\n];\n`);
    expect(result.stdout).toContain(`services/demo/src/migrations/${timestamp}-add-notes.ts`);
  });

  it('takes a kebab-case name and gives the class its PascalCase', () => {
    expect(run('demo', 'keep-proof-documents').status).toBe(0);
    const [file] = readdirSync(migrations()).filter((name) =>
      name.endsWith('-keep-proof-documents.ts'),
    );
    expect(readFileSync(join(migrations(), file!), 'utf8')).toMatch(
      /export class KeepProofDocuments\d{13} implements/,
    );
  });

  it.each([
    [['nowhere', 'AddNotes'], '"nowhere" is not a service with migrations (demo)'],
    [['demo', 'add notes'], '"add notes" is not a name in PascalCase or kebab-case'],
    [['demo', 'CreateDemo'], 'has a migration named create-demo already'],
    [['demo'], 'give a service and a name, nothing else'],
  ])('refuses %j, naming what is wrong, and changes nothing', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(readdirSync(migrations()).sort()).toEqual(['1764200000001-create-demo.ts', 'index.ts']);
    expect(readFileSync(join(migrations(), 'index.ts'), 'utf8')).toBe(INDEX);
  });
});
