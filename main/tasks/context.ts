// EngineContext: the services and shared state the task engine's parts work with.
import type { StemcrateEvent } from '../../preload/contract.js';
import type { CrunClient } from '../api/types.js';
import type { Downloader } from '../downloads/types.js';
import type { Library } from '../library/types.js';
import type { Clock } from '../util/clock.js';
import type { DurationHistory, PollPlanOptions } from './poll-plan.js';
import { toTaskDto, type TaskRecord } from './record.js';
import type { PollScheduler } from './scheduler.js';
import type { TaskStore } from './task-store.js';

export interface EngineContext {
  store: TaskStore;
  client: CrunClient;
  library: Library;
  downloader: Downloader;
  clock: Clock;
  scheduler: PollScheduler;
  history: DurationHistory;
  pollPlan: () => PollPlanOptions;
  emit: (event: StemcrateEvent) => void;
  /** Called when the API rejects the key, so the app can ask for a new one. */
  onKeyRejected: () => void;
  /** Starts (or resumes) the stem downloads of a task that reached `downloading`. */
  startDownloads: (recordId: string) => void;
}

/** Writes the record with a fresh `updatedAt` and tells the renderer. */
export function saveRecord(context: EngineContext, record: TaskRecord): TaskRecord {
  const saved = { ...record, updatedAt: context.clock.now() };
  context.store.put(saved);
  context.emit({ type: 'task', task: toTaskDto(saved) });
  return saved;
}
