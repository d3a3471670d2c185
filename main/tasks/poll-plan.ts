// Adaptive polling: when to query a pending or running task next. Queries are sparse while the
// task is unlikely to have finished and one gap apart around the time it probably finishes, as
// planned from the durations of earlier tasks (see poll-schedule.ts). The gap is the setting
// (15 s by default), doubled when many tasks are active, and widened further so that all polls
// together stay within the request rate limit.
import type { SeparationMode } from '../../preload/contract.js';
import type { DurationHistory } from './duration-history.js';
import { fitFinishTimeModel } from './finish-time-model.js';
import { nextOffsetMs, planSchedule, type PollSchedule } from './poll-schedule.js';

export interface PollPlanOptions {
  /** Shortest gap between two queries of one task, ms (the setting, 15 s by default). */
  baseIntervalMs: number;
  /** Active tasks above which the gap doubles. */
  busyThreshold: number;
  /** Maximum wait before a task's first query, ms. It keeps a wrong history from hiding a finished task for long. */
  maxInitialWaitMs: number;
  /** Maximum gap between two later queries of one task, ms. */
  maxGapMs: number;
  /** Requests per second the rate limiter allows; polling plans for at most POLL_SHARE of them. */
  requestsPerSecond: number;
  /** `adaptive` plans from the history; `fixed` queries every gap (the benchmark's baseline). */
  strategy: 'adaptive' | 'fixed';
}

export const DEFAULT_POLL_PLAN: PollPlanOptions = {
  baseIntervalMs: 15_000,
  busyThreshold: 100,
  maxInitialWaitMs: 10 * 60_000,
  maxGapMs: 2 * 60_000,
  requestsPerSecond: 15,
  strategy: 'adaptive',
};

/** Share of the request rate that polling may use; the rest stays free for submissions and lookups. */
const POLL_SHARE = 0.8;
/** Plans kept in memory; one plan takes a few kilobytes. */
const MAX_CACHED_PLANS = 64;
/** Song lengths are rounded to this many seconds before planning, so similar songs share a plan. */
const SONG_LENGTH_STEP_SECONDS = 5;

export interface PollContext {
  mode: SeparationMode;
  /** Length of the song in seconds, when known. */
  songSeconds: number | null;
  /** When the task was submitted, ms since the epoch. */
  submittedAt: number;
  /** Clock time of the last response to a query of the task, or null before the first. */
  lastPolledAt: number | null;
  now: number;
  /** Tasks being polled, this one included. */
  activeTasks: number;
}

/**
 * Returns the shortest gap between two queries of one task, ms, for this many active tasks. A
 * gap widened for the request budget is rounded up to a quarter-octave step of the interval, so
 * a changing number of tasks needs only a few distinct plans.
 */
export function pollGapMs(activeTasks: number, options: PollPlanOptions): number {
  const interval = activeTasks > options.busyThreshold ? options.baseIntervalMs * 2 : options.baseIntervalMs;
  const budgetGap = (Math.max(1, activeTasks) * 1000) / (options.requestsPerSecond * POLL_SHARE);
  if (budgetGap <= interval) return interval;
  const quarterOctaves = Math.ceil(4 * Math.log2(budgetGap / interval));
  return Math.ceil(interval * 2 ** (quarterOctaves / 4));
}

/** Plans query times from the duration history, caching one plan per mode, song length and gap. */
export class PollPlanner {
  private readonly cache = new Map<string, PollSchedule | null>();

  constructor(private readonly history: DurationHistory) {}

  /** Returns the time of the next query of a task that is still pending or running. */
  nextPollAt(context: PollContext, options: PollPlanOptions): number {
    const gap = pollGapMs(context.activeTasks, options);
    const earliest = Math.max(context.now, context.lastPolledAt === null ? context.submittedAt + gap : context.lastPolledAt + gap);
    if (options.strategy === 'fixed') return earliest;

    const schedule = this.schedule(context.mode, context.songSeconds, gap, options);
    if (schedule === null) return earliest;
    return plannedPollAt(schedule, context, gap, options.maxGapMs);
  }

  /** Returns the plan for a mode, or null while the history contains too few tasks of it. */
  schedule(mode: SeparationMode, songSeconds: number | null, gapMs: number, options: PollPlanOptions): PollSchedule | null {
    const length = songSeconds === null ? null : Math.max(SONG_LENGTH_STEP_SECONDS, Math.round(songSeconds / SONG_LENGTH_STEP_SECONDS) * SONG_LENGTH_STEP_SECONDS);
    const key = `${mode}|${this.history.version(mode)}|${length ?? '-'}|${gapMs}|${options.maxInitialWaitMs}|${options.maxGapMs}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;

    const model = fitFinishTimeModel(this.history.samples(mode), length);
    const schedule =
      model === null ? null : planSchedule(model.survival, { minGapMs: gapMs, maxFirstWaitMs: options.maxInitialWaitMs, maxGapMs: options.maxGapMs });
    if (this.cache.size >= MAX_CACHED_PLANS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, schedule);
    return schedule;
  }
}

/**
 * Returns the time of a task's next query by its plan, never sooner than one gap after the last
 * query (or the submission). Past the plan the task is slower than nearly all earlier ones, so it
 * is queried every `maxGapMs`.
 */
export function plannedPollAt(schedule: PollSchedule, context: Pick<PollContext, 'submittedAt' | 'lastPolledAt' | 'now'>, gapMs: number, maxGapMs: number): number {
  const earliest = Math.max(context.now, (context.lastPolledAt ?? context.submittedAt) + gapMs);
  const lastOffset = context.lastPolledAt === null ? null : context.lastPolledAt - context.submittedAt;
  const offset = nextOffsetMs(schedule, lastOffset);
  if (offset === null) return Math.max(earliest, (context.lastPolledAt ?? context.now) + Math.max(gapMs, maxGapMs));
  return Math.max(earliest, context.submittedAt + offset);
}

/**
 * Returns the back-off delay in ms after `failures` consecutive failures. The ceiling doubles
 * from `baseMs` up to `capMs`, and the delay is a random value between half the ceiling and the
 * ceiling ("equal jitter"), so tasks that failed together do not retry together.
 */
export function backoffDelayMs(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
