// Shared set-up for the client tests: a simulator, a client pointed at it, and captured log lines.
import { Writable } from 'node:stream';
import { createCrunClient, type CrunClientOptions } from '../../main/api/client.js';
import { RateLimiter } from '../../main/api/rate-limiter.js';
import type { CrunClient } from '../../main/api/types.js';
import { AppError } from '../../main/errors.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { DEFAULT_SIMULATOR_KEY, startSimulator, type Simulator, type SimulatorOptions } from '../simulator/simulator.js';

export interface Harness {
  sim: Simulator;
  client: CrunClient;
  logLines: string[];
  close(): Promise<void>;
}

/** Routes every log line into an array, so tests can read what was logged and keep stderr quiet. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  setRootLogger(createLogger({ level: 'debug', stream }));
  return lines;
}

/**
 * Starts a simulator and a client for it. Each harness has its own limiter, so one test's
 * requests never slow down another's.
 */
export async function startHarness(simOptions: SimulatorOptions = {}, clientOptions: Partial<CrunClientOptions> = {}): Promise<Harness> {
  const logLines = captureLogs();
  const sim = await startSimulator(simOptions);
  const client = newClient(sim, clientOptions);
  return { sim, client, logLines, close: () => sim.close() };
}

/** Creates a client for `sim` with its own limiter, so a 429 pause in one test cannot slow another. */
export function newClient(sim: Simulator, options: Partial<CrunClientOptions> = {}): CrunClient {
  return createCrunClient({
    apiBase: sim.url,
    getKey: async () => DEFAULT_SIMULATOR_KEY,
    limiter: new RateLimiter(),
    timeoutMs: 5000,
    ...options,
  });
}

/** Awaits `promise`, expecting an AppError, and returns it so each property gets its own assert. */
export async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an AppError, but the promise resolved');
}
