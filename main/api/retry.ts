// Retries of idempotent crun.ai requests: exponential back-off with full jitter, in the injected clock's time.
import type { ErrorCode } from '../../preload/contract.js';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { systemClock, type Clock } from '../util/clock.js';

const log = getLogger('api-retry');

/** Error codes that mean "the same request may succeed later". Everything else fails at once. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate_limited', 'maintenance', 'server_error', 'network', 'timeout']);

export interface RetryOptions {
  /** Task id written to every retry log line, or null for account-level requests. */
  taskId?: string | null;
  /** Name of the request in logs, for example `TaskInfo`. */
  operation?: string;
  /** Attempts in total, the first one included. Default 6. */
  maxAttempts?: number;
  /** Back-off before the second attempt, before jitter, in ms. Default 1,000. */
  baseDelayMs?: number;
  /** Maximum delay before any attempt, in ms, and the longest Retry-After honoured. Default 60,000. */
  maxDelayMs?: number;
  clock?: Clock;
  /** Source of jitter in [0, 1). Default Math.random; tests pass a fixed function. */
  random?: () => number;
  /** Signal that aborts a back-off sleep. The operation takes the caller's signal from its own closure. */
  signal?: AbortSignal;
}

/** Returns true when `error` is an AppError whose code may succeed on a later attempt. */
export function isRetryable(error: unknown): error is AppError {
  return error instanceof AppError && RETRYABLE_CODES.has(error.code);
}

/**
 * Computes the delay before attempt `attempt + 1`: a random value in [0, min(maxDelay,
 * base * 2^(attempt-1))) ("full jitter"), but never shorter than the server's Retry-After.
 * Returns null when the Retry-After exceeds `maxDelayMs`, because retrying earlier would only be
 * rejected again and waiting longer belongs to the caller's scheduler.
 */
export function retryDelayMs(attempt: number, error: AppError, options: Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>>): number | null {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(options.random() * ceiling);
  if (error.retryAfterMs === undefined) return jittered;
  if (error.retryAfterMs > options.maxDelayMs) return null;
  return Math.max(error.retryAfterMs, jittered);
}

/**
 * Runs `operation` until it succeeds, retrying only the codes in RETRYABLE_CODES, at most
 * `maxAttempts` times in total. Throws the last error when attempts run out, when the error is
 * not retryable, or when a Retry-After is longer than `maxDelayMs`. Use it only for idempotent
 * requests: a create request retried after a lost response could be charged twice.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 6;
  const delayOptions = {
    baseDelayMs: options.baseDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
    random: options.random ?? Math.random,
  };
  const clock = options.clock ?? systemClock;
  const context = { taskId: options.taskId ?? null, operation: options.operation ?? 'request' };

  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw options.signal.reason;
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isRetryable(error)) throw error;

      if (attempt >= maxAttempts) {
        log.warn({ ...context, attempt, code: error.code, status: error.status }, `Giving up on crun.ai ${context.operation} after ${attempt} attempts`);
        throw error;
      }
      const delayMs = retryDelayMs(attempt, error, delayOptions);
      if (delayMs === null) {
        log.warn(
          { ...context, attempt, code: error.code, retryAfterMs: error.retryAfterMs, maxDelayMs: delayOptions.maxDelayMs },
          `Not retrying crun.ai ${context.operation}: Retry-After is longer than the maximum delay`,
        );
        throw error;
      }

      log.warn({ ...context, attempt, delayMs, code: error.code, status: error.status, error: error.message }, `Retrying crun.ai ${context.operation}`);
      await clock.sleep(delayMs, options.signal);
    }
  }
}
