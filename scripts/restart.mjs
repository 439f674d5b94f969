#!/usr/bin/env node
// npm run restart -- <service>: restarts one service of a running `npm start` (the others keep
// serving) and waits until it is ready again. Without a name it lists the running services.
import { controlSocket, askSupervisor } from './supervisor.mjs';
import { defaultDataDir } from '../infra/local/src/paths.mjs';

const [name, ...rest] = process.argv.slice(2);
const socket = controlSocket(defaultDataDir());
const fail = (message, code = 1) => {
  console.error(`[restart] ${message}`);
  process.exit(code);
};
if (rest.length > 0 || name === '--help') {
  fail('usage: npm run restart -- <service>   (without a name: the running services)', 2);
}
try {
  const { services } = await askSupervisor(socket, { command: 'status' });
  if (!name) {
    console.log('usage: npm run restart -- <service>; running:');
    for (const service of services)
      console.log(
        `  ${service.name.padEnd(24)} ${service.state}${service.pid ? ` (pid ${service.pid})` : ''}, restarted ${service.restarts} times`,
      );
    process.exit(0);
  }
  console.log(`[restart] restarting ${name}...`);
  const answer = await askSupervisor(socket, { command: 'restart', service: name });
  if (!answer.ok) fail(answer.error, 2);
  console.log(`[restart] ${answer.message}`);
} catch (error) {
  fail(error.message, error.notRunning ? 3 : 1);
}
