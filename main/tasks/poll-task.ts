// One query of a separation task and what its answer does to the record: the state machine for
// pending → running → success / failed, and the action for each API error code.
import type { AppErrorDto } from '../../preload/contract.js';
import type { SeparationTaskInfo } from '../api/types.js';
import { AppError, toAppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { backoffDelayMs, nextPollAt } from './poll-plan.js';
import type { StemState, TaskRecord } from './record.js';

const log = getLogger('poll-task');

const BACKOFF_BASE_MS = 15_000;
const BACKOFF_CAP_MS = 10 * 60_000;
/** How often to probe while the network is down, in ms; these probes burn no task's retries. */
const OFFLINE_PROBE_MS = 20_000;

/** Queries one task and applies the answer. Never throws: every failure becomes record state. */
export async function pollTask(context: EngineContext, recordId: string): Promise<void> {
  const record = context.store.get(recordId);
  if (!record || record.taskId === null || !(record.state === 'pending' || record.state === 'running')) return;

  let info: SeparationTaskInfo;
  try {
    info = await context.client.getSeparationTask(record.taskId);
  } catch (error) {
    handlePollError(context, record, toAppError(error));
    return;
  }
  applyTaskInfo(context, record, info);
}

/** Schedules the next query of a task that is still pending or running. */
export function scheduleNextPoll(context: EngineContext, record: TaskRecord, lastPolledAt: number | null): void {
  const active = context.scheduler.scheduledCount;
  const at = nextPollAt(
    {
      mode: record.mode,
      submittedAt: record.createdAt,
      lastPolledAt,
      now: context.clock.now(),
      activeTasks: active,
    },
    context.history,
    context.pollPlan(),
  );
  context.scheduler.schedule(record.id, at);
}

const unknownStatusLogged = new Set<string>();

function applyTaskInfo(context: EngineContext, record: TaskRecord, info: SeparationTaskInfo): void {
  const now = context.clock.now();
  const base: TaskRecord = {
    ...record,
    providerStatus: info.rawStatus,
    providerCreatedAt: info.createAt === null ? record.providerCreatedAt : info.createAt * 1000,
    pollCount: record.pollCount + 1,
    failures: 0,
  };

  switch (info.status) {
    case 'pending':
    case 'running':
    case 'unknown': {
      if (info.status === 'unknown' && !unknownStatusLogged.has(record.id)) {
        unknownStatusLogged.add(record.id);
        log.warn({ taskId: record.taskId, status: info.rawStatus }, 'unknown task status; treating it as still running');
      }
      const state = info.status === 'pending' ? 'pending' : 'running';
      const changed = state !== record.state || info.rawStatus !== record.providerStatus;
      const next = { ...base, state, error: null } as TaskRecord;
      if (changed) saveRecord(context, next);
      else context.store.put(next, { persist: false });
      scheduleNextPoll(context, next, now);
      return;
    }
    case 'failed': {
      const code = info.failure?.code ?? null;
      const message = info.failure?.message ?? 'The provider did not say why.';
      log.warn({ taskId: record.taskId, code, message }, 'separation task failed at the provider');
      saveRecord(context, {
        ...base,
        state: 'failed',
        completedAt: info.completeAt === null ? now : info.completeAt * 1000,
        credits: info.credits,
        error: {
          code: 'generation_failed',
          message: `The separation failed at crun.ai: ${message}`,
          ...(code === null ? {} : { detail: `Provider code ${code}` }),
        },
      });
      return;
    }
    case 'success': {
      const completedAt = info.completeAt === null ? now : info.completeAt * 1000;
      const durationMs =
        info.durationSeconds !== null ? info.durationSeconds * 1000 : completedAt - (base.providerCreatedAt ?? record.createdAt);
      context.history.add(record.mode, durationMs);
      const stems: StemState[] = info.stems.map((link) => ({
        key: link.key,
        sourceKey: link.sourceKey,
        label: link.label,
        url: link.url,
        state: 'queued',
        bytes: 0,
        totalBytes: null,
        baseName: null,
        fileName: null,
        sha256: null,
        error: null,
      }));
      for (const rejected of info.rejectedStems) {
        log.warn({ taskId: record.taskId, sourceKey: rejected.sourceKey, reason: rejected.reason }, 'stem link rejected');
      }
      const noStems: AppErrorDto | null =
        stems.length === 0
          ? { code: 'bad_response', message: 'The separation finished but the provider sent no usable stem links.' }
          : null;
      const next = saveRecord(context, {
        ...base,
        state: stems.length === 0 ? 'failed' : 'downloading',
        completedAt,
        durationSeconds: durationMs / 1000,
        credits: info.credits,
        stems,
        rejectedStems: info.rejectedStems,
        error: noStems,
      });
      if (next.state === 'downloading') context.startDownloads(next.id);
      return;
    }
  }
}

function handlePollError(context: EngineContext, record: TaskRecord, error: AppError): void {
  const now = context.clock.now();
  const logFields = { taskId: record.taskId, code: error.code, status: error.status, err: error };

  switch (error.code) {
    case 'no_key':
    case 'invalid_key':
      log.warn(logFields, 'API key rejected while polling; holding all queries until a new key is set');
      context.scheduler.hold();
      context.scheduler.schedule(record.id, now);
      context.onKeyRejected();
      return;
    case 'not_found':
    case 'validation':
      log.warn(logFields, 'task is unknown to the provider; marking it lost and keeping its record');
      saveRecord(context, { ...record, state: 'lost', error: error.toDto() });
      return;
    case 'generation_failed':
    case 'insufficient_credits':
    case 'feature_disabled':
      log.warn(logFields, 'task query returned a final error');
      saveRecord(context, { ...record, state: 'failed', error: error.toDto() });
      return;
    case 'network': {
      log.info(logFields, 'network unreachable; pausing polling until it returns');
      context.scheduler.pauseUntil(now + OFFLINE_PROBE_MS);
      context.scheduler.schedule(record.id, now + OFFLINE_PROBE_MS);
      return;
    }
    case 'rate_limited': {
      const delay = Math.max(error.retryAfterMs ?? 0, backoffDelayMs(record.failures + 1, BACKOFF_BASE_MS, BACKOFF_CAP_MS));
      log.warn({ ...logFields, delayMs: delay }, 'rate limited; pausing all queries');
      context.scheduler.pauseUntil(now + delay);
      retryLater(context, record, delay);
      return;
    }
    default: {
      const delay = Math.max(error.retryAfterMs ?? 0, backoffDelayMs(record.failures + 1, BACKOFF_BASE_MS, BACKOFF_CAP_MS));
      log.warn({ ...logFields, delayMs: delay, failures: record.failures + 1 }, 'task query failed; retrying with back-off');
      retryLater(context, record, delay);
    }
  }
}

function retryLater(context: EngineContext, record: TaskRecord, delayMs: number): void {
  const next = { ...record, failures: record.failures + 1 };
  context.store.put(next);
  context.scheduler.schedule(record.id, context.clock.now() + delayMs);
}
