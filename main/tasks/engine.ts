// TaskEngine: owns every separation task from submission to library, resumes them after a
// restart, and exposes the actions the user can take (cancel, retry, remove).
import type { StemcrateEvent, SubmitRequest, TaskDto } from '../../preload/contract.js';
import type { CrunClient } from '../api/types.js';
import type { Downloader } from '../downloads/types.js';
import { AppError } from '../errors.js';
import type { Library } from '../library/types.js';
import { getLogger } from '../log/logger.js';
import type { Clock } from '../util/clock.js';
import { saveRecord, type EngineContext } from './context.js';
import { downloadTask } from './download-task.js';
import { DEFAULT_POLL_PLAN, DurationHistory, type PollPlanOptions } from './poll-plan.js';
import { pollTask, scheduleNextPoll } from './poll-task.js';
import { toTaskDto, type TaskRecord } from './record.js';
import { PollScheduler } from './scheduler.js';
import { submitSeparation } from './submit.js';
import { TaskStore } from './task-store.js';

const log = getLogger('task-engine');

export interface TaskEngineOptions {
  dataDir: string;
  client: CrunClient;
  library: Library;
  downloader: Downloader;
  clock: Clock;
  emit: (event: StemcrateEvent) => void;
  onKeyRejected: () => void;
  pollPlan: () => PollPlanOptions;
}

export class TaskEngine {
  readonly store: TaskStore;
  private readonly context: EngineContext;
  private readonly downloads = new Map<string, AbortController>();
  private readonly downloadRuns = new Set<Promise<void>>();

  constructor(options: TaskEngineOptions) {
    this.store = new TaskStore(options.dataDir, () => options.clock.now());
    const history = new DurationHistory();
    const scheduler = new PollScheduler(options.clock, (id) => pollTask(this.context, id));
    this.context = {
      store: this.store,
      client: options.client,
      library: options.library,
      downloader: options.downloader,
      clock: options.clock,
      scheduler,
      history,
      pollPlan: options.pollPlan ?? (() => DEFAULT_POLL_PLAN),
      emit: options.emit,
      onKeyRejected: options.onKeyRejected,
      startDownloads: (id) => this.startDownloads(id),
    };
  }

  /** Resumes every task where it was: polling, downloading, or done. */
  start(): void {
    for (const record of this.store.all()) {
      if (record.durationSeconds !== null && record.state === 'done') {
        this.context.history.add(record.mode, record.durationSeconds * 1000);
      }
    }
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

  /** Typical processing time of a mode in ms, from earlier tasks, or null without history. */
  typicalDurationMs(mode: TaskRecord['mode']): number | null {
    return this.context.history.typical(mode);
  }

  async submit(request: SubmitRequest): Promise<TaskDto> {
    return toTaskDto(await submitSeparation(this.context, request));
  }

  /** Stops tracking a task; the provider may still finish it, and its record stays. */
  cancel(id: string): TaskDto {
    const record = this.requireRecord(id);
    if (['done', 'cancelled'].includes(record.state)) return toTaskDto(record);
    this.context.scheduler.unschedule(id);
    this.downloads.get(id)?.abort(new Error('cancelled by the user'));
    log.info({ taskId: record.taskId }, 'tracking cancelled by the user');
    return toTaskDto(saveRecord(this.context, { ...record, state: 'cancelled', error: null }));
  }

  /**
   * Retries a task. Downloads that failed or paused resume for free; a task that failed at the
   * provider (or was lost) needs a new paid task, so `confirm` must be true.
   */
  async retry(id: string, confirm: boolean): Promise<TaskDto> {
    const record = this.requireRecord(id);
    if (record.state === 'paused' || (record.state === 'failed' && record.stems.length > 0 && record.stems.some((s) => s.state !== 'expired'))) {
      const stems = record.stems.map((stem) => (stem.state === 'failed' ? { ...stem, state: 'queued' as const, error: null } : stem));
      const next = saveRecord(this.context, { ...record, state: 'downloading', stems, error: null });
      this.startDownloads(next.id);
      return toTaskDto(next);
    }
    if (record.state === 'cancelled' && record.taskId !== null && record.stems.length === 0) {
      const next = saveRecord(this.context, { ...record, state: 'pending', error: null });
      scheduleNextPoll(this.context, next, null);
      return toTaskDto(next);
    }
    if (!confirm) {
      throw new AppError('invalid_argument', `Retrying "${record.song.title}" starts a new paid separation; confirm to continue.`);
    }
    return this.submit({ generationTaskId: record.generationTaskId, sunoId: record.sunoId, mode: record.mode, confirmDuplicate: true });
  }

  /** Removes a record that is no longer active; the library is not touched. */
  remove(id: string): void {
    const record = this.requireRecord(id);
    if (['submitting', 'pending', 'running', 'downloading'].includes(record.state)) {
      throw new AppError('invalid_argument', `"${record.song.title}" is still ${record.state}; cancel it before removing its record.`);
    }
    this.context.scheduler.unschedule(id);
    this.store.delete(id);
    this.context.emit({ type: 'task-removed', id });
  }

  /** Resumes queries held after the API rejected the key; called when a new key is set. */
  resumeAfterKeyChange(): void {
    this.context.scheduler.release();
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
        saveRecord(this.context, {
          ...record,
          state: 'maybe_submitted',
          error: {
            code: 'network',
            message: `"${record.song.title}" may have been submitted at ${new Date(record.createdAt).toISOString()} before the app stopped. Check your crun.ai task list before submitting again.`,
          },
        });
        return;
      case 'pending':
      case 'running':
        scheduleNextPoll(this.context, record, null);
        return;
      case 'downloading':
        this.startDownloads(record.id);
        return;
      default:
        return;
    }
  }

  private startDownloads(id: string): void {
    if (this.downloads.has(id)) return;
    const controller = new AbortController();
    this.downloads.set(id, controller);
    const run = downloadTask(this.context, id, controller.signal)
      .catch((error: unknown) => {
        const record = this.store.get(id);
        log.error({ taskId: record?.taskId, err: error }, 'download phase failed');
        if (record && record.state === 'downloading') {
          const appError = error instanceof AppError ? error : new AppError('storage', `Could not store the stems: ${String(error)}`);
          saveRecord(this.context, { ...record, state: 'paused', error: appError.toDto() });
        }
      })
      .finally(() => {
        this.downloads.delete(id);
        this.downloadRuns.delete(run);
      });
    this.downloadRuns.add(run);
  }

  private requireRecord(id: string): TaskRecord {
    const record = this.store.get(id);
    if (!record) throw new AppError('not_found', `No task with id ${id}; refresh the task list.`);
    return record;
  }
}
