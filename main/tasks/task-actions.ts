// The user's actions on one task: cancel tracking, retry (free where the provider still has the
// result, paid and confirmed where it does not), and remove a record that is no longer active.
import type { SubmitRequest } from '../../preload/contract.js';
import { AppError, toAppError } from '../errors.js';
import { describeCharge } from './charge-text.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { scheduleNextPoll } from './poll-task.js';
import { isPollingPhase, REMOVABLE_STATES, type TaskRecord } from './record.js';
import { lastCredits } from './submit.js';

const log = getLogger('task-actions');

/** Engine operations the actions use besides the shared context. */
export interface TaskControl {
  context: EngineContext;
  startDownloads(id: string): void;
  stopDownloads(id: string, reason: string): void;
  resumeAfterKeyChange(): void;
  submit(request: SubmitRequest): Promise<TaskRecord>;
}

/** Stops tracking a task. Finished and already-ended tasks are returned unchanged. */
export function cancelTask(control: TaskControl, record: TaskRecord): TaskRecord {
  const { context } = control;
  if (!['submitting', 'maybe_submitted', 'pending', 'running', 'downloading', 'paused'].includes(record.state)) return record;

  context.scheduler.unschedule(record.id);
  control.stopDownloads(record.id, 'cancelled by the user');
  log.info({ taskId: record.taskId, recordId: record.id, from: record.state }, 'tracking cancelled by the user');
  return saveRecord(context, { ...record, state: 'cancelled', error: null });
}

/** Retries a task; see TaskEngine.retry for the rules. */
export async function retryTask(control: TaskControl, record: TaskRecord, confirm: boolean): Promise<TaskRecord> {
  const { context } = control;
  const title = record.song.title;
  if (['submitting', 'pending', 'running', 'downloading'].includes(record.state)) {
    throw new AppError('invalid_argument', `"${title}" is still ${record.state}; there is nothing to retry yet.`);
  }
  if (record.state === 'done') {
    throw new AppError('invalid_argument', `"${title}" is already in the library; submit it again to separate it once more.`);
  }

  // 1. Stems the provider may still have: download them again, free.
  const resumable = record.stems.some((stem) => stem.state !== 'ready' && stem.state !== 'expired') || (record.stems.length > 0 && record.stems.every((stem) => stem.state === 'ready'));
  if (['paused', 'failed', 'cancelled'].includes(record.state) && record.stems.length > 0 && resumable) {
    const stems = record.stems.map((stem) => (stem.state === 'failed' || stem.state === 'downloading' ? { ...stem, state: 'queued' as const, error: null } : stem));
    const next = saveRecord(context, { ...record, state: 'downloading', stems, error: null });
    log.info({ taskId: record.taskId, recordId: record.id }, 'resuming the downloads of a task');
    control.startDownloads(next.id);
    return next;
  }

  // 2. A task still at the provider whose polling stopped: query it again, free.
  if ((record.state === 'paused' || record.state === 'cancelled') && isPollingPhase(record)) {
    if (record.error?.code === 'invalid_key' || record.error?.code === 'no_key') {
      control.resumeAfterKeyChange();
      return context.store.get(record.id) ?? record;
    }
    const state = record.providerStatus === null || record.providerStatus === 'pending' ? 'pending' : 'running';
    const next = saveRecord(context, { ...record, state, error: null, failures: 0 });
    scheduleNextPoll(context, next);
    return next;
  }

  // 3. Everything else needs a new task, which the provider charges again.
  if (!confirm) {
    let balance: number | null = null;
    try {
      balance = await context.client.getBalance();
    } catch (error) {
      log.warn({ err: toAppError(error) }, 'could not read the balance for the retry confirmation');
    }
    const estimatedCredits = lastCredits(context, record);
    const cost = describeCharge(estimatedCredits);
    throw new AppError('duplicate', `Retrying "${title}" submits it to crun.ai again as a new task, which costs ${cost}.`, {
      appAdvice: 'Confirm to retry.',
      duplicate: { existingTaskIds: [record.taskId ?? record.id], existingState: [record.state], estimatedCredits, balance },
    });
  }
  log.info({ taskId: record.taskId, recordId: record.id, from: record.state }, 'retrying a task as a new paid task');
  return control.submit({ generationTaskId: record.generationTaskId, sunoId: record.sunoId, mode: record.mode, confirmDuplicate: true });
}

/** Forgets a task that is no longer active. Its stems in the library stay where they are. */
export function removeTask(control: TaskControl, record: TaskRecord): void {
  const { context } = control;
  if (!REMOVABLE_STATES.has(record.state)) {
    throw new AppError('invalid_argument', `"${record.song.title}" is still ${record.state}; cancel it before removing its record.`);
  }
  context.scheduler.unschedule(record.id);
  control.stopDownloads(record.id, 'record removed by the user');
  context.store.delete(record.id);
  context.unknownStatusLogged.delete(record.id);
  context.emit({ type: 'task-removed', id: record.id });
}
