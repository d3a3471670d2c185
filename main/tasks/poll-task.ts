// One query of a separation task and the state change its response causes: the state machine for
// pending → running → success / failed. Failed queries go to poll-errors.ts.
import type { SeparationTaskInfo } from '../api/types.js';
import { toAppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { handlePollError } from './poll-errors.js';
import { backoffDelayMs } from './poll-plan.js';
import type { StemState, TaskRecord } from './record.js';

const log = getLogger('poll-task');

/** Back-off after the state file could not be written, ms. */
const STORAGE_RETRY_MS = 60_000;

/** Queries one task and applies the response. Never throws, because every failure becomes record state or a retry. */
export async function pollTask(context: EngineContext, recordId: string): Promise<void> {
  const record = context.store.get(recordId);
  if (!record || record.taskId === null || !(record.state === 'pending' || record.state === 'running')) return;

  try {
    let info: SeparationTaskInfo;
    try {
      info = await context.client.getSeparationTask(record.taskId);
    } catch (error) {
      await handlePollError(context, record, toAppError(error));
      return;
    }
    // The user may have cancelled the task while the query was out.
    const current = context.store.get(recordId);
    if (!current || (current.state !== 'pending' && current.state !== 'running')) return;
    applyTaskInfo(context, current, info);
  } catch (error) {
    // Only a failed write of the state file lands here, and the next query fetches the status again.
    const delay = backoffDelayMs(1, STORAGE_RETRY_MS, STORAGE_RETRY_MS, context.random);
    log.error({ taskId: record.taskId, err: error, delayMs: delay }, 'could not apply a task query; querying again later');
    if (context.store.get(recordId)) context.scheduler.schedule(recordId, context.clock.now() + delay);
  }
}

/** Schedules the next query of a task that is still pending or running. */
export function scheduleNextPoll(context: EngineContext, record: TaskRecord): void {
  const at = context.planner.nextPollAt(
    {
      mode: record.mode,
      songSeconds: record.song.durationSeconds,
      submittedAt: record.createdAt,
      lastPolledAt: record.lastPolledAt,
      now: context.clock.now(),
      activeTasks: Math.max(1, context.scheduler.activeCount + (context.scheduler.isTracked(record.id) ? 0 : 1)),
    },
    context.pollPlan(),
  );
  context.scheduler.schedule(record.id, at);
}

function applyTaskInfo(context: EngineContext, record: TaskRecord, info: SeparationTaskInfo): void {
  const now = context.clock.now();
  context.health.networkFailures = 0;
  context.health.rateLimited = 0;
  context.health.maintenance = 0;
  context.scheduler.markOnline();

  const base: TaskRecord = {
    ...record,
    providerStatus: info.rawStatus,
    providerCreatedAt: info.createAt === null ? record.providerCreatedAt : info.createAt * 1000,
    pollCount: record.pollCount + 1,
    failures: 0,
    lastPolledAt: now,
    error: null,
  };

  switch (info.status) {
    case 'pending':
    case 'running':
    case 'unknown': {
      if (info.status === 'unknown' && !context.unknownStatusLogged.has(record.id)) {
        context.unknownStatusLogged.add(record.id);
        log.warn({ taskId: record.taskId, status: info.rawStatus.slice(0, 100) }, 'unknown task status; treating the task as still running');
      }
      const state = info.status === 'pending' ? 'pending' : 'running';
      const next: TaskRecord = { ...base, state };
      const changed = state !== record.state || info.rawStatus !== record.providerStatus || record.error !== null;
      // An unchanged status stays in memory, so a restart only loses the poll counter and time.
      if (changed) saveRecord(context, next);
      else context.store.put(next, { persist: false });
      scheduleNextPoll(context, next);
      return;
    }
    case 'failed':
      applyFailure(context, base, info, now);
      return;
    case 'success':
      applySuccess(context, base, info, now);
      return;
  }
}

function applyFailure(context: EngineContext, base: TaskRecord, info: SeparationTaskInfo, now: number): void {
  const code = info.failure?.code ?? null;
  const message = info.failure?.message ?? 'crun.ai did not say why';
  log.warn({ taskId: base.taskId, code, message }, 'separation task failed at the provider');
  const codeText = code === null ? '' : ` (code ${code})`;
  saveRecord(context, {
    ...base,
    state: 'failed',
    completedAt: info.completeAt === null ? now : info.completeAt * 1000,
    credits: info.credits,
    error: {
      code: 'generation_failed',
      message: `crun.ai could not separate "${base.song.title}"${codeText}: ${message}. Retrying submits it again as a new paid task.`,
      ...(code === null ? {} : { detail: `Provider result code ${code}` }),
    },
  });
}

function applySuccess(context: EngineContext, base: TaskRecord, info: SeparationTaskInfo, now: number): void {
  const completedAt = info.completeAt === null ? now : info.completeAt * 1000;
  const totalMs = taskDurationMs(info, completedAt, base);
  if (totalMs !== null) context.history.add(base.mode, { totalMs, songSeconds: base.song.durationSeconds });
  if (info.failure !== null) {
    log.warn({ taskId: base.taskId, code: info.failure.code, message: info.failure.message }, 'successful task carries a result code; downloading its stems anyway');
  }
  for (const rejected of info.rejectedStems) {
    log.warn({ taskId: base.taskId, sourceKey: rejected.sourceKey, reason: rejected.reason }, 'stem link rejected');
  }

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
  const next = saveRecord(context, {
    ...base,
    state: stems.length === 0 ? 'failed' : 'downloading',
    completedAt,
    durationSeconds: totalMs === null ? info.durationSeconds : totalMs / 1000,
    credits: info.credits,
    stems,
    rejectedStems: info.rejectedStems,
    error:
      stems.length === 0
        ? {
            code: 'bad_response',
            message: `The separation of "${base.song.title}" finished, but crun.ai sent no usable stem links${describeRejected(info)}. Check the task on crun.ai; its files stay there for 14 days.`,
          }
        : null,
  });
  if (next.state === 'downloading') context.startDownloads(next.id);
}

/**
 * Returns the time from the provider's creation of the task to its completion, ms: from
 * `create_at` and `complete_at` (whole seconds) when both are known, else `duration_s`, else the
 * local submission time to completion. Null when none gives a positive value.
 */
function taskDurationMs(info: SeparationTaskInfo, completedAt: number, record: TaskRecord): number | null {
  if (info.createAt !== null && info.completeAt !== null && info.completeAt > info.createAt) return (info.completeAt - info.createAt) * 1000;
  if (info.durationSeconds !== null && info.durationSeconds > 0) return info.durationSeconds * 1000;
  const elapsed = completedAt - record.createdAt;
  return elapsed > 0 ? elapsed : null;
}

function describeRejected(info: SeparationTaskInfo): string {
  if (info.rejectedStems.length === 0) return '';
  const shown = info.rejectedStems.slice(0, 3).map((entry) => `${entry.sourceKey}: ${entry.reason}`);
  return ` (${shown.join('; ')})`;
}
