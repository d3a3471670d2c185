// Tracks separation tasks from router events and derives what the OS shell shows for them: the
// dock/taskbar progress value and a notification when a task finishes.
import type { StemcrateEvent, TaskDto, TaskState } from '../../preload/contract.js';

/** States in which a task still has work ahead of it, so it counts towards the progress bar. */
const ACTIVE_STATES: ReadonlySet<TaskState> = new Set(['submitting', 'pending', 'running', 'downloading']);

/**
 * Progress values in Electron's `setProgressBar` convention: below 0 removes the bar, 0 to 1 is a
 * fraction, above 1 is indeterminate (Windows shows a marquee, macOS a full bar).
 */
export const PROGRESS_NONE = -1;
export const PROGRESS_INDETERMINATE = 2;

export interface TaskNotice {
  title: string;
  body: string;
  /** The local task record id, so a click can show that task. */
  taskId: string;
}

export class TaskActivity {
  private readonly tasks = new Map<string, TaskDto>();

  /**
   * Applies one router event. Returns a notice when a task has just reached `done` from another
   * state seen earlier. A task first seen as done (a replay at startup) gets no notice.
   */
  apply(event: StemcrateEvent): TaskNotice | null {
    if (event.type === 'task-removed') {
      this.tasks.delete(event.id);
      return null;
    }
    if (event.type !== 'task') return null;

    const previous = this.tasks.get(event.task.id);
    this.tasks.set(event.task.id, event.task);
    if (event.task.state !== 'done' || !previous || previous.state === 'done') return null;
    return noticeForDone(event.task);
  }

  /** Number of tasks that are still working. */
  activeCount(): number {
    let count = 0;
    for (const task of this.tasks.values()) if (ACTIVE_STATES.has(task.state)) count += 1;
    return count;
  }

  /**
   * Returns the progress bar value. It is PROGRESS_NONE without active tasks, the downloaded
   * fraction of every stem of known size while anything downloads, and PROGRESS_INDETERMINATE while
   * tasks only wait for the provider, which reports no progress of its own.
   */
  progress(): number {
    let bytes = 0;
    let totalBytes = 0;
    for (const task of this.tasks.values()) {
      if (task.state !== 'downloading') continue;
      for (const stem of task.stems) {
        if (stem.totalBytes === null || stem.totalBytes <= 0) continue;
        bytes += Math.min(stem.bytes, stem.totalBytes);
        totalBytes += stem.totalBytes;
      }
    }
    if (this.activeCount() === 0) return PROGRESS_NONE;
    if (totalBytes === 0) return PROGRESS_INDETERMINATE;
    return bytes / totalBytes;
  }
}

function noticeForDone(task: TaskDto): TaskNotice {
  const readyStems = task.stems.filter((stem) => stem.state === 'ready').length;
  const stemWord = readyStems === 1 ? 'stem' : 'stems';
  return {
    title: 'Stems ready',
    body: `${task.songTitle}: ${readyStems} ${stemWord} saved to your library.`,
    taskId: task.id,
  };
}
