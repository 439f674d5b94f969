#!/usr/bin/env node
// Starts or stops a local Kafka broker from the command line; tests use it to stop and restart a
// broker of their own. Usage: kafka.mjs install | start|stop --dir DIR [--port 19092|auto] [--reset]
// `--port auto` picks free ports on the first start and keeps them on restarts of the same DIR.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startKafka, stopKafka, installKafka } from '../src/kafka.mjs';
import { freePort } from '../src/free-port.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '19092' },
    reset: { type: 'boolean', default: false },
  },
});

async function portsFor(dir, requested, reset) {
  if (requested !== 'auto')
    return { port: Number(requested), controllerPort: Number(requested) + 1 };
  const properties = join(dir, 'server.properties');
  const previous =
    !reset && existsSync(properties)
      ? /PLAINTEXT:\/\/127\.0\.0\.1:(\d+),CONTROLLER:\/\/127\.0\.0\.1:(\d+)/.exec(
          readFileSync(properties, 'utf8'),
        )
      : null;
  if (previous) return { port: Number(previous[1]), controllerPort: Number(previous[2]) };
  return { port: await freePort(), controllerPort: await freePort() };
}

const [command] = positionals;
if (command === 'install') {
  installKafka();
} else if ((command === 'start' || command === 'stop') && values.dir) {
  if (command === 'start') {
    const started = Date.now();
    const ports = await portsFor(values.dir, values.port, values.reset);
    const kafka = await startKafka({
      dir: values.dir,
      ...ports,
      reset: values.reset,
      detached: true,
    });
    console.log(
      `Kafka ready on ${kafka.brokers.join(',')} in ${Date.now() - started} ms (pid ${kafka.pid})`,
    );
  } else {
    await stopKafka(values.dir);
  }
} else {
  console.error(
    'usage: kafka.mjs install | start --dir DIR [--port N|auto] [--reset] | stop --dir DIR',
  );
  process.exit(2);
}
