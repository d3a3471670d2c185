// EngineContext: the services and shared state the task engine's parts work with.
import type { StemcrateEvent } from '../../preload/contract.js';
import type { CrunClient } from '../api/types.js';
import type { Downloader } from '../downloads/types.js';
import type { AppError } from '../errors.js';
import type { Library } from '../library/types.js';
import type { Clock } from '../util/clock.js';
import type { DurationHistory } from './duration-history.js';
import type { PollPlanner, PollPlanOptions } from './poll-plan.js';
import { toTaskDto, type TaskRecord } from './record.js';
import type { PollScheduler } from './scheduler.js';
import type { PutOptions, TaskStore } from './task-store.js';

/** Consecutive failures that concern every query, not one task. A response of any other kind resets each counter. */
export interface ApiHealth {
  networkFailures: number;
  rateLimited: number;
  maintenance: number;
}

export interface EngineContext {
  store: TaskStore;
  client: CrunClient;
  library: Library;
  downloader: Downloader;
  clock: Clock;
  scheduler: PollScheduler;
  history: DurationHistory;
  planner: PollPlanner;
  pollPlan: () => PollPlanOptions;
  emit: (event: StemcrateEvent) => void;
  /** Pauses every query after the API rejected the key, and lets the app ask for a new one. */
  keyRejected: (error: AppError) => void;
  /** Starts (or resumes) the stem downloads of a task that reached `downloading`. */
  startDownloads: (recordId: string) => void;
  health: ApiHealth;
  /** Records whose unknown provider status has been logged, so each is logged once. */
  unknownStatusLogged: Set<string>;
  /** `<sunoId>|<mode>` of submissions between their start and their record, for the duplicate guard. */
  submissions: Set<string>;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

/** Writes the record with a fresh `updatedAt` and emits a `task` event for the renderer. */
export function saveRecord(context: EngineContext, record: TaskRecord, options: PutOptions = {}): TaskRecord {
  const saved = { ...record, updatedAt: context.clock.now() };
  context.store.put(saved, options);
  context.emit({ type: 'task', task: toTaskDto(saved) });
  return saved;
}
