// Actions for failed task queries, per error code. main/api maps the HTTP status and the envelope
// `code` of an HTTP 200 to the same error codes, so both arrive here alike.
import type { AppErrorDto } from '../../preload/contract.js';
import { AppError, toAppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { backoffDelayMs } from './poll-plan.js';
import type { TaskRecord } from './record.js';

const log = getLogger('poll-errors');

/** Back-off of one task after a server error, timeout or invalid response: from 15 s up to 10 min, ms. */
const TASK_BACKOFF_BASE_MS = 15_000;
const TASK_BACKOFF_CAP_MS = 10 * 60_000;
/** Pause of every query after a 429 without Retry-After: from 5 s up to 5 min, ms. */
const RATE_LIMIT_BASE_MS = 5_000;
const RATE_LIMIT_CAP_MS = 5 * 60_000;
/** Longest Retry-After honoured; a longer one is read as this, ms. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;
/** Pause of every query during maintenance (455): from 30 s up to 10 min, ms. */
const MAINTENANCE_BASE_MS = 30_000;
const MAINTENANCE_CAP_MS = 10 * 60_000;
/** Probes while the network is down: from 2 s up to 1 min apart, ms. */
const OFFLINE_BASE_MS = 2_000;
const OFFLINE_CAP_MS = 60_000;
/** Consecutive 429 responses after which the polled task shows the rate limit. */
const RATE_LIMIT_SHOWN_AFTER = 3;

/** Applies the action for a failed query of `queried`. Throws only when the state file cannot be written. */
export async function handlePollError(context: EngineContext, queried: TaskRecord, error: AppError): Promise<void> {
  const now = context.clock.now();
  const fields = { taskId: queried.taskId, code: error.code, status: error.status, err: error };
  // The user may have cancelled the task while the query was out; the action then only concerns the others.
  const current = context.store.get(queried.id);
  const record = current && (current.state === 'pending' || current.state === 'running') ? current : null;
  if (error.code !== 'network') {
    context.health.networkFailures = 0;
    context.scheduler.markOnline();
  }
  if (error.code !== 'rate_limited') context.health.rateLimited = 0;
  if (error.code !== 'maintenance') context.health.maintenance = 0;

  switch (error.code) {
    case 'no_key':
    case 'invalid_key':
      log.warn(fields, 'API key rejected while polling; pausing every query until a new key is set');
      context.keyRejected(error);
      return;

    case 'not_found':
    case 'validation':
      if (!record) return;
      log.warn(fields, 'the provider does not know the task; marking it lost and keeping its record');
      saveRecord(context, { ...record, state: 'lost', error: lostError(record, error) });
      return;

    case 'insufficient_credits': {
      if (!record) return;
      log.warn(fields, 'task query returned "not enough credits"; not retrying');
      const message = await withBalance(context, error.message);
      saveRecord(context, { ...record, state: 'failed', error: { ...error.toDto(), message } });
      return;
    }

    case 'generation_failed':
    case 'feature_disabled':
      if (!record) return;
      log.warn(fields, 'task query returned a final error; not retrying');
      saveRecord(context, { ...record, state: 'failed', error: error.toDto() });
      return;

    case 'network': {
      context.health.networkFailures++;
      const delay = backoffDelayMs(context.health.networkFailures, OFFLINE_BASE_MS, OFFLINE_CAP_MS, context.random);
      log.info({ ...fields, delayMs: delay, probes: context.health.networkFailures }, 'network unreachable; pausing polling without counting it against the task');
      context.scheduler.markOffline(now + delay);
      if (record) retryLater(context, record, delay, { countFailure: false, error: error.toDto() });
      return;
    }

    case 'rate_limited': {
      context.health.rateLimited++;
      const delay =
        error.retryAfterMs === undefined
          ? backoffDelayMs(context.health.rateLimited, RATE_LIMIT_BASE_MS, RATE_LIMIT_CAP_MS, context.random)
          : Math.min(Math.max(error.retryAfterMs, 1_000), MAX_RETRY_AFTER_MS);
      log.warn({ ...fields, delayMs: delay, streak: context.health.rateLimited }, 'rate limited; pausing every query');
      context.scheduler.pauseUntil(now + delay);
      const visibleError = context.health.rateLimited >= RATE_LIMIT_SHOWN_AFTER ? error.toDto() : undefined;
      if (record) retryLater(context, record, delay, { countFailure: false, error: visibleError });
      return;
    }

    case 'maintenance': {
      context.health.maintenance++;
      const delay = Math.max(
        Math.min(error.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS),
        backoffDelayMs(context.health.maintenance, MAINTENANCE_BASE_MS, MAINTENANCE_CAP_MS, context.random),
      );
      log.warn({ ...fields, delayMs: delay, streak: context.health.maintenance }, 'crun.ai is in maintenance; pausing every query');
      context.scheduler.pauseUntil(now + delay);
      if (record) retryLater(context, record, delay, { countFailure: false, error: retryingError(error, delay) });
      return;
    }

    default: {
      // server_error, timeout, bad_response and unexpected errors: this task backs off.
      if (!record) return;
      const failures = record.failures + 1;
      const delay = Math.max(
        Math.min(error.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS),
        backoffDelayMs(failures, TASK_BACKOFF_BASE_MS, TASK_BACKOFF_CAP_MS, context.random),
      );
      log.warn({ ...fields, delayMs: delay, failures }, 'task query failed; retrying with back-off');
      retryLater(context, record, delay, { countFailure: true, error: retryingError(error, delay) });
    }
  }
}

interface RetryOptions {
  /** True when the failure counts against the task's own back-off. */
  countFailure: boolean;
  /** Error to show on the task until the next response; undefined leaves the record's error as it is. */
  error: AppErrorDto | undefined;
}

function retryLater(context: EngineContext, record: TaskRecord, delayMs: number, options: RetryOptions): void {
  const failures = options.countFailure ? record.failures + 1 : record.failures;
  const error = options.error === undefined ? record.error : options.error;
  const next = { ...record, failures, error };
  // Only a new kind of error is written to disk; the failure counter may stay in memory.
  if (error?.code !== record.error?.code) saveRecord(context, next);
  else context.store.put(next, { persist: false });
  context.scheduler.schedule(record.id, context.clock.now() + delayMs);
}

function retryingError(error: AppError, delayMs: number): AppErrorDto {
  return { ...error.toDto(), message: `${error.message} Stemcrate asks again in ${Math.ceil(delayMs / 1000)} s.` };
}

function lostError(record: TaskRecord, error: AppError): AppErrorDto {
  if (error.code === 'validation') {
    // A 422 carries the provider's own message, which explains best what is wrong with the task id.
    return { ...error.toDto(), message: `crun.ai rejected the query for task ${record.taskId ?? ''}: ${error.message}` };
  }
  return error.toDto();
}

/** Appends the account balance to a "not enough credits" message, when the balance can be read. */
export async function withBalance(context: EngineContext, message: string): Promise<string> {
  try {
    const balance = await context.client.getBalance();
    return `${message} The balance is ${balance} credits.`;
  } catch (error) {
    log.warn({ err: toAppError(error) }, 'could not read the balance for the "not enough credits" message');
    return message;
  }
}
