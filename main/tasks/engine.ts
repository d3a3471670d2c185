// TaskEngine: owns every separation task from submission to library, resumes them after a
// restart, and exposes the actions the user can take (cancel, retry, remove).
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import type { StemcrateEvent, SubmitRequest, TaskDto } from '../../preload/contract.js';
import type { CrunClient } from '../api/types.js';
import type { Downloader } from '../downloads/types.js';
import { AppError } from '../errors.js';
import type { Library } from '../library/types.js';
import { getLogger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';
import { saveRecord, type EngineContext } from './context.js';
import { downloadTask } from './download-task.js';
import { DurationHistory, HISTORY_FILE } from './duration-history.js';
import { DEFAULT_POLL_PLAN, PollPlanner, type PollPlanOptions } from './poll-plan.js';
import { pollTask, scheduleNextPoll } from './poll-task.js';
import { isPollingPhase, toTaskDto, type TaskRecord } from './record.js';
import { PollScheduler } from './scheduler.js';
import { maybeSubmittedError, submitSeparation } from './submit.js';
import { cancelTask, removeTask, retryTask, type TaskControl } from './task-actions.js';
import { TaskStore } from './task-store.js';

const log = getLogger('task-engine');

/** Error codes that pause polling until the user sets a working key. */
const KEY_ERROR_CODES = new Set(['invalid_key', 'no_key']);

export interface TaskEngineOptions {
  dataDir: string;
  client: CrunClient;
  library: Library;
  downloader: Downloader;
  clock: Clock;
  emit: (event: StemcrateEvent) => void;
  /** Called when the API rejects the key, so the app can ask for a new one. */
  onKeyRejected: () => void;
  /** Read before every planning step, so a changed setting applies to the next query. */
  pollPlan?: () => PollPlanOptions;
  /** Source of jitter in [0, 1); tests and benchmarks pass a seeded one. */
  random?: () => number;
}

export class TaskEngine {
  readonly store: TaskStore;
  private readonly context: EngineContext;
  private readonly downloads = new Map<string, AbortController>();
  private readonly downloadRuns = new Set<Promise<void>>();
  /** Tasks whose downloads were started again while their previous run was still ending. */
  private readonly restartDownloads = new Set<string>();
  private readonly control: TaskControl;

  constructor(options: TaskEngineOptions) {
    this.store = new TaskStore(options.dataDir, () => options.clock.now());
    const history = new DurationHistory(path.join(options.dataDir, HISTORY_FILE));
    const scheduler = new PollScheduler(options.clock, (id) => pollTask(this.context, id));
    this.context = {
      store: this.store,
      client: options.client,
      library: options.library,
      downloader: options.downloader,
      clock: options.clock,
      scheduler,
      history,
      planner: new PollPlanner(history),
      pollPlan: options.pollPlan ?? (() => DEFAULT_POLL_PLAN),
      emit: options.emit,
      keyRejected: (error) => {
        this.pauseForKey(error);
        options.onKeyRejected();
      },
      startDownloads: (id) => this.startDownloads(id),
      health: { networkFailures: 0, rateLimited: 0, maintenance: 0 },
      unknownStatusLogged: new Set(),
      submissions: new Set(),
      random: options.random ?? Math.random,
    };
    this.control = {
      context: this.context,
      startDownloads: (id) => this.startDownloads(id),
      stopDownloads: (id, reason) => this.downloads.get(id)?.abort(new Error(reason)),
      resumeAfterKeyChange: () => this.resumeAfterKeyChange(),
      submit: (request) => submitSeparation(this.context, request),
    };
  }

  /** Loads the duration history and resumes every task where it was: polling, downloading, or done. */
  start(): void {
    if (!this.context.history.load()) this.rebuildHistory();
    for (const record of this.store.all()) this.resume(record);
    this.context.scheduler.start();
  }

  async stop(): Promise<void> {
    await this.context.scheduler.stop();
    for (const controller of this.downloads.values()) controller.abort(new Error('engine stopped'));
    await Promise.allSettled([...this.downloadRuns]);
  }

  list(): TaskDto[] {
    return this.store.all().map(toTaskDto);
  }

  get(id: string): TaskDto {
    return toTaskDto(this.requireRecord(id));
  }

  /** Typical time from submission to completion of a mode in ms, from earlier tasks, or null without history. */
  typicalDurationMs(mode: TaskRecord['mode']): number | null {
    return this.context.history.typical(mode);
  }

  async submit(request: SubmitRequest): Promise<TaskDto> {
    return toTaskDto(await submitSeparation(this.context, request));
  }

  /** Stops tracking a task; the provider may still finish (and charge) it, and its record stays. */
  cancel(id: string): TaskDto {
    return toTaskDto(cancelTask(this.control, this.requireRecord(id)));
  }

  /**
   * Retries a task. Downloads resume and stopped polling restarts for free. A task that failed at
   * the provider, was lost or may not have been submitted needs a new paid task, so without
   * `confirm` the call throws AppError `duplicate` with the cost.
   */
  async retry(id: string, confirm: boolean): Promise<TaskDto> {
    return toTaskDto(await retryTask(this.control, this.requireRecord(id), confirm));
  }

  /** Removes a record that is no longer active; the library is not touched. */
  remove(id: string): void {
    removeTask(this.control, this.requireRecord(id));
  }

  /** Resumes the queries held after the API rejected the key; called when a new key is set. */
  resumeAfterKeyChange(): void {
    this.context.scheduler.release();
    for (const record of this.store.all()) {
      if (record.state === 'paused' && isPollingPhase(record) && KEY_ERROR_CODES.has(record.error?.code ?? '')) this.resumePolling(record);
    }
  }

  /** Resolves when no download is running; used by the CLI's --wait and by tests. */
  async settled(): Promise<void> {
    while (this.downloadRuns.size > 0) await Promise.allSettled([...this.downloadRuns]);
  }

  private resume(record: TaskRecord): void {
    switch (record.state) {
      case 'submitting':
        // The process stopped while the create call was out: it may have been charged.
        log.warn({ recordId: record.id }, 'found a task that was being submitted when the app stopped');
        saveRecord(this.context, { ...record, state: 'maybe_submitted', error: maybeSubmittedError(record, 'the app stopped before crun.ai responded') });
        return;
      case 'pending':
      case 'running':
        scheduleNextPoll(this.context, record);
        return;
      case 'downloading':
        this.startDownloads(record.id);
        return;
      case 'paused':
        // The key may work now (set in the environment, or renewed at crun.ai), and one query shows it.
        if (isPollingPhase(record) && KEY_ERROR_CODES.has(record.error?.code ?? '')) this.resumePolling(record);
        return;
      default:
        return;
    }
  }

  /** Puts a task in the polling phase back to pending or running and plans its next query. */
  private resumePolling(record: TaskRecord): void {
    const state = record.providerStatus === null || record.providerStatus === 'pending' ? 'pending' : 'running';
    const next = saveRecord(this.context, { ...record, state, error: null, failures: 0 });
    scheduleNextPoll(this.context, next);
  }

  /** Pauses every task in the polling phase after the API rejected the key, and stops all queries. */
  private pauseForKey(error: AppError): void {
    this.context.scheduler.hold();
    const message = `${error.message} Polling resumes when a new key is set.`;
    for (const record of this.store.all()) {
      if ((record.state !== 'pending' && record.state !== 'running') || record.taskId === null) continue;
      this.context.scheduler.unschedule(record.id);
      saveRecord(this.context, { ...record, state: 'paused', error: { ...error.toDto(), message } });
    }
  }

  /** Rebuilds the duration history from finished records, for a data folder without a history file. */
  private rebuildHistory(): void {
    const entries = this.store
      .all()
      .filter((record) => record.durationSeconds !== null && record.completedAt !== null)
      .map((record) => ({ mode: record.mode, sample: { totalMs: (record.durationSeconds ?? 0) * 1000, songSeconds: record.song.durationSeconds } }));
    this.context.history.addAll(entries);
  }

  private startDownloads(id: string): void {
    if (this.downloads.has(id)) {
      // The last run is still winding down (it has just saved its outcome); start again after it.
      this.restartDownloads.add(id);
      return;
    }
    const controller = new AbortController();
    // Every stem download of the task listens on this one signal; an instrumental task has 13.
    setMaxListeners(64, controller.signal);
    this.downloads.set(id, controller);
    const run = downloadTask(this.context, id, controller.signal)
      .catch((error: unknown) => {
        const record = this.store.get(id);
        log.error({ taskId: record?.taskId, err: error }, 'download phase failed');
        if (record && record.state === 'downloading') {
          const appError = error instanceof AppError ? error : new AppError('storage', `Could not store the stems: ${String(error)}. Check the library folder, then retry.`);
          saveRecord(this.context, { ...record, state: 'paused', error: appError.toDto() });
        }
      })
      .finally(() => {
        this.downloads.delete(id);
        this.downloadRuns.delete(run);
        if (this.restartDownloads.delete(id) && !controller.signal.aborted) this.startDownloads(id);
      });
    this.downloadRuns.add(run);
  }

  private requireRecord(id: string): TaskRecord {
    const record = this.store.get(id);
    if (!record) throw new AppError('not_found', `No task with id ${id}; refresh the task list.`);
    return record;
  }
}
