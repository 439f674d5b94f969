import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const infra = globalThis.__jobcenterTestInfra;
  if (!infra) return;
  for (const stop of infra.stops)
    await stop().catch((error) => console.error(`stopping test infrastructure: ${error.message}`));
  rmSync(infra.dir, { recursive: true, force: true });
}
