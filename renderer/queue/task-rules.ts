// Queue rules for separation tasks: the label, hint and allowed actions of each state, and the
// usual processing time. Pure functions, unit-tested in Node.
import type { SeparationMode, TaskDto, TaskState } from '../../preload/contract.js';

export const STATE_LABEL: Readonly<Record<TaskState, string>> = {
  submitting: 'Submitting',
  maybe_submitted: 'May have been submitted',
  pending: 'Waiting at crun.ai',
  running: 'Separating',
  downloading: 'Downloading',
  done: 'Done',
  failed: 'Failed',
  lost: 'Lost at crun.ai',
  expired: 'Files deleted by crun.ai',
  cancelled: 'Cancelled',
  paused: 'Paused',
};

/** One sentence under the label for states whose label alone could mislead. */
export const STATE_HINT: Partial<Record<TaskState, string>> = {
  maybe_submitted:
    'crun.ai offers no way to look this task up from the app. Check your crun.ai account, and retry only if the task is not there: a retry is charged again.',
  lost: 'crun.ai no longer knows this task id. The record stays here for reference.',
  paused: 'Polling is paused until the problem below is fixed.',
};

const ACTIVE: ReadonlySet<TaskState> = new Set(['submitting', 'pending', 'running', 'downloading', 'paused']);
const RETRYABLE: ReadonlySet<TaskState> = new Set(['failed', 'lost', 'expired', 'cancelled', 'maybe_submitted']);

/** States in which the provider is still working. Only then does the queue show elapsed time against the usual time. */
const WAITING_FOR_PROVIDER: ReadonlySet<TaskState> = new Set(['submitting', 'pending', 'running']);

export function isWaitingForProvider(state: TaskState): boolean {
  return WAITING_FOR_PROVIDER.has(state);
}

/** True for states the app cannot resolve alone, which the queue lists first. */
export function needsAttention(state: TaskState): boolean {
  return state === 'maybe_submitted';
}

export function isActive(state: TaskState): boolean {
  return ACTIVE.has(state);
}

export function canCancel(task: TaskDto): boolean {
  return ACTIVE.has(task.state);
}

export function canRetry(task: TaskDto): boolean {
  return RETRYABLE.has(task.state) || (task.state === 'paused' && task.error !== null);
}

export function canRemove(task: TaskDto): boolean {
  return !ACTIVE.has(task.state) || task.state === 'paused';
}

/** Error codes of a failed download, which a retry fetches again without a new paid task. */
const DOWNLOAD_ERRORS = new Set(['network', 'timeout', 'disk_full', 'storage', 'bad_response']);

/**
 * True when retrying creates a new paid task at crun.ai, so the user must confirm it first.
 * A download that failed while the provider still keeps the files only downloads them again.
 */
export function retryCostsCredits(task: TaskDto, now: number): boolean {
  const filesStillThere = task.taskId !== null && task.stems.length > 0 && (task.expiresAt === null || task.expiresAt > now);
  const downloadFailed = task.error !== null && DOWNLOAD_ERRORS.has(task.error.code);
  return !(filesStillThere && downloadFailed);
}

/**
 * Typical processing times in seconds when no task of the mode has finished yet.
 * NOTE: these are estimates; crun.ai does not document separation times. Finished tasks replace them.
 */
export const ESTIMATED_SECONDS: Readonly<Record<SeparationMode, number>> = { vocal: 60, instrumental: 180 };

/** Returns the median time in ms from creation to completion of the finished tasks of a mode, or the estimate. */
export function typicalDurationMs(tasks: readonly TaskDto[], mode: SeparationMode): number {
  const durations = tasks
    .filter((task) => task.mode === mode && task.completedAt !== null && task.completedAt > task.createdAt)
    .map((task) => (task.completedAt ?? 0) - task.createdAt)
    .sort((a, b) => a - b);
  if (durations.length === 0) return ESTIMATED_SECONDS[mode] * 1000;

  const middle = Math.floor(durations.length / 2);
  if (durations.length % 2 === 1) return durations[middle] ?? 0;
  return ((durations[middle - 1] ?? 0) + (durations[middle] ?? 0)) / 2;
}

/** Returns the time in ms the task has taken so far, or took until completion. */
export function elapsedMs(task: TaskDto, now: number): number {
  const end = task.completedAt ?? (isActive(task.state) ? now : task.updatedAt);
  return Math.max(0, end - task.createdAt);
}

/** Stem counts of a task's downloads: ready, and total. */
export function stemCounts(task: TaskDto): { ready: number; total: number } {
  return { ready: task.stems.filter((stem) => stem.state === 'ready').length, total: task.stems.length };
}
