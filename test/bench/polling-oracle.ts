// The best plan for a scenario: the engine's planner (poll-schedule.ts) given each task's true
// finish-time distribution in place of the history, replayed offline with the engine's rules. It
// estimates the fewest queries a schedule built from the time since submission needs at that delay.
import type { SeparationMode } from '../../preload/contract.js';
import { DEFAULT_POLL_PLAN, plannedPollAt } from '../../main/tasks/poll-plan.js';
import { planSchedule, type PollSchedule } from '../../main/tasks/poll-schedule.js';
import type { PlannedTask, Scenario } from './polling-workload.js';

/** Steps of the standard normal variable over ±6, for integrating over the log-normal spread. */
const NORMAL_STEPS = 240;
const NORMAL_RANGE = 6;

export interface OracleResult {
  queries: number;
  /** Finish-to-noticed delay of each task, ms. */
  delaysMs: number[];
}

/**
 * Probability that a task is unfinished `ms` after submission, when it first waits an exponential
 * queue time with mean `meanQueueMs` and then takes a log-normal processing time.
 */
export function trueSurvival(medianMs: number, sigma: number, meanQueueMs: number): (ms: number) => number {
  const processing: number[] = [];
  const weights: number[] = [];
  let totalWeight = 0;
  for (let step = 0; step <= NORMAL_STEPS; step++) {
    const z = -NORMAL_RANGE + (2 * NORMAL_RANGE * step) / NORMAL_STEPS;
    const weight = Math.exp(-(z * z) / 2);
    processing.push(medianMs * Math.exp(sigma * z));
    weights.push(weight);
    totalWeight += weight;
  }
  return (ms) => {
    if (ms <= 0) return 1;
    let sum = 0;
    for (let index = 0; index < processing.length; index++) {
      const left = ms - (processing[index] as number);
      // The task is unfinished while it still processes, or while it waits in the queue longer than `left`.
      let unfinished = 1;
      if (left > 0) unfinished = meanQueueMs > 0 ? Math.exp(-left / meanQueueMs) : 0;
      sum += (weights[index] as number) * unfinished;
    }
    return sum / totalWeight;
  };
}

/** Replays one task, submitted at 0, against a plan with the engine's own rule for the next query. */
export function replayPlan(schedule: PollSchedule, durationMs: number, gapMs: number, maxGapMs: number): { queries: number; delayMs: number } {
  let last: number | null = null;
  for (let queries = 1; ; queries++) {
    const at = plannedPollAt(schedule, { submittedAt: 0, lastPolledAt: last, now: last ?? 0 }, gapMs, maxGapMs);
    if (at >= durationMs) return { queries, delayMs: at - durationMs };
    last = at;
  }
}

/** Plans each task from its true distribution and replays it. Tasks with the same distribution share a plan. */
export function runOracle(scenario: Scenario, tasks: readonly PlannedTask[], meanQueueMs: number): OracleResult {
  const { baseIntervalMs: gapMs, maxInitialWaitMs, maxGapMs } = DEFAULT_POLL_PLAN;
  const plans = new Map<string, PollSchedule>();
  const planFor = (mode: SeparationMode, songSeconds: number): PollSchedule => {
    const median = scenario.medianMs(mode, songSeconds);
    const key = `${mode}|${median}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      plan = planSchedule(trueSurvival(median, scenario.sigma, meanQueueMs), { minGapMs: gapMs, maxFirstWaitMs: maxInitialWaitMs, maxGapMs });
      plans.set(key, plan);
    }
    return plan;
  };

  let queries = 0;
  const delaysMs: number[] = [];
  for (const task of tasks) {
    const replay = replayPlan(planFor(task.mode, task.songSeconds), task.queueMs + task.processingMs, gapMs, maxGapMs);
    queries += replay.queries;
    delaysMs.push(replay.delayMs);
  }
  return { queries, delaysMs };
}
