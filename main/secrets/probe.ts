// The keychain probe: proves the OS keychain usable by writing, reading back and deleting a
// throwaway entry, because a locked keyring returns null on read instead of failing.
import { randomUUID } from 'node:crypto';
import { getLogger } from '../log/logger.js';
import { systemClock, type Clock } from '../util/clock.js';
import { classifyKeychainError, keychainProblem } from './keychain-problems.js';
import { KEYCHAIN_SERVICE, PROBE_ACCOUNT, type KeychainProblem, type KeytarLike } from './types.js';

const log = getLogger('secrets');

/**
 * Default time limit for the whole probe, in milliseconds. On a desktop a locked keyring may show
 * an unlock prompt and keytar waits for the user, so the limit leaves time to type a password.
 */
export const DEFAULT_PROBE_TIMEOUT_MS = 30_000;

export interface ProbeOptions {
  service?: string;
  /** Platform whose fixes the problem message describes; defaults to the running one. */
  platform?: NodeJS.Platform;
  timeoutMs?: number;
  clock?: Clock;
}

export type ProbeResult = { usable: true } | { usable: false; problem: KeychainProblem };

async function writeReadDelete(backend: KeytarLike, service: string, platform: NodeJS.Platform): Promise<ProbeResult> {
  const value = `probe-${randomUUID()}`;
  const account = `${PROBE_ACCOUNT}-${randomUUID()}`;

  try {
    await backend.setPassword(service, account, value);
  } catch (error) {
    return { usable: false, problem: classifyKeychainError(error, platform) };
  }

  let readBack: string | null;
  try {
    readBack = await backend.getPassword(service, account);
  } catch (error) {
    return { usable: false, problem: classifyKeychainError(error, platform) };
  }
  if (readBack !== value) {
    const cause = readBack === null ? 'the test entry read back as missing' : 'the test entry read back with another value';
    return { usable: false, problem: keychainProblem('readback_failed', { platform, cause }) };
  }

  try {
    await backend.deletePassword(service, account);
  } catch (error) {
    // Writing and reading worked, so the keychain is usable. A leftover test entry is harmless.
    log.warn({ err: error, service, account }, 'keychain probe could not delete its test entry');
  }
  return { usable: true };
}

/** Probes the keychain behind `backend`. Never throws: every failure becomes a `KeychainProblem`. */
export async function probeKeychain(backend: KeytarLike, options: ProbeOptions = {}): Promise<ProbeResult> {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  const stopTimer = new AbortController();

  // keytar runs each call on a libuv worker thread, so a call that never returns blocks one worker
  // but not the event loop, and the timer below still fires. The timer settles either way: with
  // 'timeout' when it fires, with 'stopped' when the probe finished first.
  const timer = clock.sleep(timeoutMs, stopTimer.signal).then(
    () => 'timeout' as const,
    () => 'stopped' as const,
  );

  try {
    const result = await Promise.race([writeReadDelete(backend, service, platform), timer]);
    if (typeof result === 'string') {
      log.warn({ timeoutMs }, 'keychain probe timed out');
      return { usable: false, problem: keychainProblem('timeout', { platform, timeoutMs }) };
    }
    if (!result.usable) log.warn({ code: result.problem.code, cause: result.problem.cause }, 'keychain probe failed');
    return result;
  } finally {
    stopTimer.abort();
  }
}
