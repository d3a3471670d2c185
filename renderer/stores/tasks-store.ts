// Tasks store: every separation task main reports, kept current by task events, and the queue's
// actions. Errors of an action stay beside the task they belong to.
import type { AppErrorDto, Result, SubmitRequest, TaskDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { create } from 'zustand';

interface TasksState {
  tasks: Record<string, TaskDto>;
  loaded: boolean;
  loadError: AppErrorDto | null;
  /** Last failed action per task id. */
  actionErrors: Record<string, AppErrorDto>;
  load(): Promise<void>;
  apply(task: TaskDto): void;
  forget(id: string): void;
  submit(request: SubmitRequest): Promise<Result<TaskDto>>;
  cancel(id: string): Promise<void>;
  retry(id: string, confirm: boolean): Promise<Result<TaskDto>>;
  remove(id: string): Promise<void>;
  clearActionError(id: string): void;
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const useTasksStore = create<TasksState>()((set, get) => {
  const recordOutcome = (id: string, result: Result<TaskDto>): void => {
    if (result.ok) {
      get().apply(result.value);
      set({ actionErrors: withoutKey(get().actionErrors, id) });
    } else {
      set({ actionErrors: { ...get().actionErrors, [id]: result.error } });
    }
  };

  return {
    tasks: {},
    loaded: false,
    loadError: null,
    actionErrors: {},

    load: async () => {
      const result = await bridge.tasks.list();
      if (!result.ok) {
        set({ loadError: result.error, loaded: true });
        return;
      }
      const tasks: Record<string, TaskDto> = {};
      for (const task of result.value) tasks[task.id] = task;
      set({ tasks, loaded: true, loadError: null });
    },

    apply: (task) => set({ tasks: { ...get().tasks, [task.id]: task } }),

    forget: (id) => set({ tasks: withoutKey(get().tasks, id), actionErrors: withoutKey(get().actionErrors, id) }),

    submit: async (request) => {
      const result = await bridge.tasks.submit(request);
      if (result.ok) get().apply(result.value);
      return result;
    },

    cancel: async (id) => {
      recordOutcome(id, await bridge.tasks.cancel(id));
    },

    retry: async (id, confirm) => {
      const result = await bridge.tasks.retry(id, confirm);
      // A duplicate warning is a question for the user, not a failure of the task.
      if (result.ok || result.error.code !== 'duplicate') recordOutcome(id, result);
      return result;
    },

    remove: async (id) => {
      const result = await bridge.tasks.remove(id);
      if (result.ok) get().forget(id);
      else set({ actionErrors: { ...get().actionErrors, [id]: result.error } });
    },

    clearActionError: (id) => set({ actionErrors: withoutKey(get().actionErrors, id) }),
  };
});

/** Returns the tasks newest first. */
export function sortTasks(tasks: Record<string, TaskDto>): TaskDto[] {
  return Object.values(tasks).sort((a, b) => b.createdAt - a.createdAt);
}
