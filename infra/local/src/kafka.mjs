import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { kafkaHome } from './paths.mjs';
import { waitFor } from './wait.mjs';

const { Kafka, logLevel } = kafkajs;
const libDir = join(kafkaHome, 'lib');

/** Fetches the broker's jars from Maven Central into infra/kafka/lib unless they are there. */
export function installKafka({ quiet = false } = {}) {
  if (existsSync(libDir) && readdirSync(libDir).some((file) => file.startsWith('kafka_2.13-')))
    return;
  if (!quiet) console.log('Fetching Apache Kafka jars from Maven Central (once)...');
  const result = spawnSync(
    'mvn',
    ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib'],
    { cwd: kafkaHome, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' },
  );
  if (result.error) throw new Error(`Maven is needed to fetch Kafka: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `Fetching Kafka with Maven failed (exit ${result.status}):\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
}

function serverProperties({ port, controllerPort, logDir }) {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // See docs/operations.md, "Recovery": a restarted broker registers again within a second or
    // two (its registration from before a crash expires after this session timeout), and
    // consumers may use short sessions so that a killed one's partitions move on quickly.
    'broker.heartbeat.interval.ms=500',
    'broker.session.timeout.ms=1500',
    'group.min.session.timeout.ms=1000',
    'auto.create.topics.enable=false',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

const log4jProperties = (logFile) =>
  [
    'log4j.rootLogger=WARN, file',
    'log4j.logger.kafka.server.KafkaServer=INFO',
    'log4j.logger.kafka.server.KafkaRaftServer=INFO',
    'log4j.appender.file=org.apache.log4j.FileAppender',
    `log4j.appender.file.File=${logFile}`,
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '',
  ].join('\n');

function java(args, options) {
  return spawn('java', ['-cp', `${libDir}/*`, ...args], options);
}

/** True when an admin client can list the topics of these brokers. */
export async function isKafkaReady(brokers) {
  const kafka = new Kafka({
    clientId: 'readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Starts a single-node Kafka broker in KRaft mode (broker and controller in one JVM, bounded heap)
 * with its data under `dir`, formats the storage on first use, and resolves when it is ready.
 * `detached` leaves it running after this process ends (stop it with `stopKafka(dir)`).
 * `fastStartup` runs the JVM with its quick compiler only (`-XX:TieredStopAtLevel=1`): ready in
 * about half the time, with less peak throughput (plenty for one machine; npm start uses it).
 */
export async function startKafka({
  dir,
  port = 19092,
  controllerPort = port + 1,
  reset = false,
  detached = false,
  heap = '384m',
  fastStartup = false,
}) {
  installKafka();
  if (reset) rmSync(dir, { recursive: true, force: true });
  const logDir = join(dir, 'log');
  mkdirSync(logDir, { recursive: true });
  const brokers = [`127.0.0.1:${port}`];
  const pidFile = join(dir, 'kafka.pid');
  if (existsSync(pidFile) && isAlive(Number(readFileSync(pidFile, 'utf8')))) {
    throw new Error(
      `A Kafka broker from ${dir} is already running (pid ${readFileSync(pidFile, 'utf8').trim()})`,
    );
  }
  const propsFile = join(dir, 'server.properties');
  const logFile = join(dir, 'kafka.log');
  writeFileSync(propsFile, serverProperties({ port, controllerPort, logDir }));
  writeFileSync(join(dir, 'log4j.properties'), log4jProperties(logFile));
  const logging = `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`;

  if (!existsSync(join(logDir, 'meta.properties'))) {
    const clusterId = randomBytes(16).toString('base64url');
    await runToEnd(
      java(
        [
          logging,
          'kafka.tools.StorageTool',
          'format',
          `--cluster-id=${clusterId}`,
          '-c',
          propsFile,
        ],
        { stdio: 'pipe' },
      ),
      'Formatting the Kafka storage',
    );
  }

  const out = openSync(logFile, 'a');
  const child = java(
    [
      `-Xms128m`,
      `-Xmx${heap}`,
      '-XX:+UseSerialGC',
      ...(fastStartup ? ['-XX:TieredStopAtLevel=1'] : []),
      '-Djava.awt.headless=true',
      logging,
      'kafka.Kafka',
      propsFile,
    ],
    { stdio: ['ignore', out, out], detached },
  );
  closeSync(out);
  writeFileSync(pidFile, String(child.pid));
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = signal ?? `exit code ${code}`;
  });
  if (detached) child.unref();

  try {
    await waitFor(`Kafka on ${brokers[0]}`, () => isKafkaReady(brokers), {
      timeoutMs: 90_000,
      abort: () => exited && `the broker stopped (${exited}); see ${logFile}:\n${tail(logFile)}`,
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { brokers, pid: child.pid, logFile, stop: () => stopKafka(dir) };
}

/** Stops the broker whose data is in `dir` (SIGTERM, then SIGKILL after 30 s). */
export async function stopKafka(dir) {
  const pidFile = join(dir, 'kafka.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    try {
      await waitFor('Kafka shutdown', () => !isAlive(pid), { timeoutMs: 30_000, intervalMs: 100 });
    } catch {
      process.kill(pid, 'SIGKILL');
    }
  }
  rmSync(pidFile, { force: true });
}

/** Is `pid` a running Kafka broker? (After a reboot the pid in the file may belong to anything.) */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return true;
  }
}

function tail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function runToEnd(child, what) {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', (error) =>
      reject(new Error(`${what}: ${error.message} (is a JDK 17 on the PATH?)`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}):\n${output}`)),
    );
  });
}
