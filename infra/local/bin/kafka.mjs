#!/usr/bin/env node
// Starts or stops a local Kafka broker from the command line; tests use it to stop and restart a
// broker of their own. Usage: kafka.mjs start|stop --dir DIR [--port 19092] [--reset]
import { parseArgs } from 'node:util';
import { startKafka, stopKafka, installKafka } from '../src/kafka.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '19092' },
    reset: { type: 'boolean', default: false },
  },
});
const [command] = positionals;
if (command === 'install') {
  installKafka();
} else if ((command === 'start' || command === 'stop') && values.dir) {
  if (command === 'start') {
    const started = Date.now();
    const kafka = await startKafka({
      dir: values.dir,
      port: Number(values.port),
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
  console.error('usage: kafka.mjs install | start --dir DIR [--port N] [--reset] | stop --dir DIR');
  process.exit(2);
}
