import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Subscribers of one event share the graph's answer when their roles and city are the same
 * (docs/subscriptions.md): that holds while no read depends on who the caller is. Only the
 * services' mutations may use the caller's subject or name (to record who did something).
 */
const root = join(__dirname, '..');
const WHO = /\b(?:principal|caller)\??\.(?:subject|name)\b/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('reads depend on roles and city only', () => {
  const services = readdirSync(join(root, 'services'));
  const files = services.flatMap((service) => sources(join(root, 'services', service, 'src')));

  it('finds the services and their mutations use the caller', () => {
    expect(services.length).toBeGreaterThanOrEqual(4);
    const mutations = files.filter((file) => file.endsWith(join('resolvers', 'Mutation.ts')));
    expect(mutations.filter((file) => WHO.test(readFileSync(file, 'utf8'))).length).toBeGreaterThan(
      1,
    );
  });

  it('uses the caller’s subject or name nowhere but in mutations', () => {
    const reads = files.filter((file) => !file.endsWith(join('resolvers', 'Mutation.ts')));
    const offending = reads.flatMap((file) =>
      (readFileSync(file, 'utf8').match(new RegExp(WHO, 'g')) ?? []).map(
        (use) => `${relative(root, file)}: ${use}`,
      ),
    );
    expect(offending).toEqual([]);
  });
});
