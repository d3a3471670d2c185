// Waits until a task reaches a state the CLI can report: done, or a final failure.
import type { TaskDto, TaskState } from '../../preload/contract.js';
import type { Core } from '../core.js';

const FINAL_STATES: ReadonlySet<TaskState> = new Set(['done', 'failed', 'lost', 'expired', 'cancelled', 'maybe_submitted', 'paused']);

export function isFinal(state: TaskState): boolean {
  return FINAL_STATES.has(state);
}

/** Resolves with the task's DTO once it is final; reports progress lines through `onProgress`. */
export function waitForTask(core: Core, recordId: string, onProgress: (task: TaskDto) => void): Promise<TaskDto> {
  return new Promise((resolve) => {
    let lastState: TaskState | null = null;
    const check = (task: TaskDto): boolean => {
      if (task.id !== recordId) return false;
      if (task.state !== lastState) {
        lastState = task.state;
        onProgress(task);
      }
      if (!isFinal(task.state)) return false;
      unsubscribe();
      resolve(task);
      return true;
    };
    const unsubscribe = core.onEvent((event) => {
      if (event.type === 'task') check(event.task);
    });
    check(core.engine.get(recordId));
  });
}
