// Command-line entry of the crun.ai simulator: prints {"url": ...} on one line once listening.
// Usage: node --import tsx test/simulator/main.ts [--port 0] [--key KEY]... [--pending-ms N]
//        [--running-ms N] [--balance N]
import { parseArgs } from 'node:util';
import { DEFAULT_SIMULATOR_KEY, startSimulator } from './simulator.js';

function readNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    process.stderr.write(`simulator: --${name} "${value}" is invalid. Pass a number of 0 or more.\n`);
    process.exit(2);
  }
  return number;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    key: { type: 'string', multiple: true },
    'pending-ms': { type: 'string' },
    'running-ms': { type: 'string' },
    balance: { type: 'string' },
  },
  strict: true,
});

const simulator = await startSimulator({
  host: '127.0.0.1',
  port: readNumber('port', values.port, 0),
  apiKeys: values.key ?? [DEFAULT_SIMULATOR_KEY],
  pendingMs: readNumber('pending-ms', values['pending-ms'], 2000),
  runningMs: readNumber('running-ms', values['running-ms'], 8000),
  balance: readNumber('balance', values.balance, 1000),
});
process.stdout.write(`${JSON.stringify({ url: simulator.url })}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`simulator: failed to close: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
