// Runs the loopback host until interrupted: `npm run sandbox` uses it where Electron cannot run.
// Options: --port N (default 5180), --key KEY (the simulator's accepted key), --data DIR and
// --library DIR (kept between runs; temporary folders otherwise).
import { parseArgs } from 'node:util';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { startTestHost } from './start-host.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5180' },
    key: { type: 'string', default: 'sandbox-key-0001' },
    data: { type: 'string' },
    library: { type: 'string' },
    browser: { type: 'boolean' },
  },
});

setRootLogger(createLogger({ level: (process.env.STEMCRATE_LOG_LEVEL as 'info' | undefined) ?? 'warn' }));
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port ${values.port}: give a whole number from 0 to 65535.`);
  process.exit(2);
}

const host = await startTestHost({
  port,
  pollIntervalSeconds: 2,
  simulator: { apiKeys: [values.key], pendingMs: 3_000, runningMs: 6_000 },
  ...(values.data ? { dataDir: values.data } : {}),
  ...(values.library ? { libraryDir: values.library } : {}),
});

const generations = host.simulator.generationTasks
  .filter((task) => task.status === 'success')
  .map((task) => `    ${task.taskId}  ${task.songs.map((song) => song.title).join(', ')}`)
  .join('\n');
const temporary = values.library ? '' : ' (temporary: removed when the sandbox stops; pass --library DIR to keep it)';
console.log(`
Stemcrate sandbox is running (simulated crun.ai API at ${host.simulator.url}).
  Open:           ${host.url}
  Sandbox key:    ${values.key}
  Library folder: ${host.libraryDir}${temporary}
  Generation task ids to look up in "New separation":
${generations}
Press Ctrl+C to stop.`);

const stop = async (): Promise<void> => {
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
