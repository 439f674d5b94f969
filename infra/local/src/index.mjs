export { startPostgres } from './postgres.mjs';
export { startKafka, stopKafka, installKafka, isKafkaReady } from './kafka.mjs';
export { defaultDataDir, repoRoot, isRoot } from './paths.mjs';
export { waitFor } from './wait.mjs';
export { freePort } from './free-port.mjs';
