// Adaptive polling: when to query a running task next. Polls are sparse while the task is unlikely
// to be finished and every base interval once it may be, using the durations of earlier tasks.
import type { SeparationMode } from '../../preload/contract.js';

export interface PollPlanOptions {
  /** Shortest gap between two queries of one task, in ms (the setting, 15 s by default). */
  baseIntervalMs: number;
  /** Active tasks above which the base interval doubles. */
  busyThreshold: number;
  /** Longest first wait, so a wrong history cannot hide a finished task for long, in ms. */
  maxInitialWaitMs: number;
}

export const DEFAULT_POLL_PLAN: PollPlanOptions = {
  baseIntervalMs: 15_000,
  busyThreshold: 100,
  maxInitialWaitMs: 10 * 60_000,
};

const HISTORY_SIZE = 50;
const MIN_SAMPLES = 3;
/** Share of past tasks that finished before the first poll; lower means earlier first polls. */
const EARLY_QUANTILE = 0.1;

/** Durations of finished tasks, per mode, in ms; the most recent `HISTORY_SIZE` of each. */
export class DurationHistory {
  private readonly samples: Record<SeparationMode, number[]> = { vocal: [], instrumental: [] };

  add(mode: SeparationMode, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs <= 0) return;
    const list = this.samples[mode];
    list.push(durationMs);
    if (list.length > HISTORY_SIZE) list.shift();
  }

  /** Returns the given quantile of past durations, or null with too little history. */
  quantile(mode: SeparationMode, q: number): number | null {
    const list = this.samples[mode];
    if (list.length < MIN_SAMPLES) return null;
    const sorted = [...list].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))));
    return sorted[index] ?? null;
  }

  /** Typical duration (median), for the renderer's "elapsed against typical" display. */
  typical(mode: SeparationMode): number | null {
    return this.quantile(mode, 0.5);
  }
}

export interface PollContext {
  mode: SeparationMode;
  /** When the task was submitted, ms since the epoch. */
  submittedAt: number;
  /** When it was last queried, or null before the first query. */
  lastPolledAt: number | null;
  now: number;
  activeTasks: number;
}

/** Returns the time of the next query for a task that is still pending or running. */
export function nextPollAt(context: PollContext, history: DurationHistory, options: PollPlanOptions = DEFAULT_POLL_PLAN): number {
  const interval = context.activeTasks > options.busyThreshold ? options.baseIntervalMs * 2 : options.baseIntervalMs;
  const earliestByInterval = context.lastPolledAt === null ? context.now : context.lastPolledAt + interval;

  const early = history.quantile(context.mode, EARLY_QUANTILE);
  if (early === null) {
    // No history yet: plain interval polling, first query one interval after submission.
    return Math.max(earliestByInterval, context.submittedAt + interval);
  }
  const firstLikelyFinish = context.submittedAt + Math.min(early, options.maxInitialWaitMs);
  return Math.max(earliestByInterval, firstLikelyFinish, context.submittedAt + interval);
}

/** Returns the back-off delay after `failures` consecutive failures: exponential, full jitter, capped. */
export function backoffDelayMs(failures: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.max(baseMs, Math.round(random() * ceiling));
}
