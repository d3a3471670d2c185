// The polling benchmark's workload and runner: separations submitted at random times with task
// durations drawn from a scenario, run through the real task engine and client against the
// simulator in simulated time. Each TaskInfo response is rewritten so every task takes its own time.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createCrunClient } from '../../main/api/client.js';
import { createDownloader } from '../../main/downloads/downloader.js';
import { createLibrary } from '../../main/library/library.js';
import { TaskEngine } from '../../main/tasks/engine.js';
import { DEFAULT_POLL_PLAN, type PollPlanOptions } from '../../main/tasks/poll-plan.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import type { SeparationMode } from '../../preload/contract.js';
import { DEFAULT_SIMULATOR_KEY, startSimulator } from '../simulator/simulator.js';
import { CountingRateLimiter, HttpActivity, peakInWindow, runFor, runUntil, seededRandom, settle, type SimulatedTime } from '../tasks/support/simulated-time.js';

/** Processing times are log-normal: a median that depends on the mode and song length, and a spread. */
export interface Scenario {
  name: string;
  /** One line for the report: how durations are drawn. */
  description: string;
  /** Median processing time of one task in ms, from its mode and song length. */
  medianMs(mode: SeparationMode, songSeconds: number): number;
  /** Standard deviation of the natural log of the processing time. */
  sigma: number;
}

export interface WorkloadOptions {
  /** Tasks that only fill the duration history; not measured. */
  warmUpTasks: number;
  measuredTasks: number;
  /** Mean time between two submissions, ms (exponential gaps). */
  meanArrivalGapMs: number;
  /** Mean time a task waits at the provider before processing starts, ms (exponential). */
  meanQueueMs: number;
  /** Share of tasks in vocal mode; the rest are instrumental. */
  vocalShare: number;
  /** Song lengths are uniform in this range, seconds. */
  songSeconds: [number, number];
  seed: number;
}

export interface PlannedTask {
  atMs: number;
  mode: SeparationMode;
  songSeconds: number;
  queueMs: number;
  processingMs: number;
}

export interface RunResult {
  strategy: PollPlanOptions['strategy'];
  /** TaskInfo queries of the measured tasks. */
  queries: number;
  /** Mean and 95th percentile of finish-to-noticed delays of the measured tasks, ms. */
  meanDelayMs: number;
  p95DelayMs: number;
  /** Largest number of requests (all endpoints) the simulator saw in one second. */
  peakPerSecond: number;
  /** True durations (creation to completion) of the measured tasks, ms, for analytic baselines. */
  durationsMs: number[];
  /** Finish-to-noticed delays of the measured tasks, ms, ascending. */
  delaysMs: number[];
}

/** Standard normal value by the Box–Muller transform. */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** Draws the tasks of a run; the same seed gives the same tasks for both strategies. */
export function planWorkload(scenario: Scenario, options: WorkloadOptions): PlannedTask[] {
  const random = seededRandom(options.seed);
  const tasks: PlannedTask[] = [];
  let atMs = 0;
  for (let index = 0; index < options.warmUpTasks + options.measuredTasks; index++) {
    atMs += Math.round(exponential(random, options.meanArrivalGapMs));
    const mode: SeparationMode = random() < options.vocalShare ? 'vocal' : 'instrumental';
    const [low, high] = options.songSeconds;
    const songSeconds = Math.round(low + random() * (high - low));
    tasks.push({ atMs, mode, songSeconds, queueMs: Math.round(exponential(random, options.meanQueueMs)), processingMs: Math.round(scenario.medianMs(mode, songSeconds) * Math.exp(scenario.sigma * normal(random))) });
  }
  return tasks;
}

/** Runs the planned tasks through a fresh engine with the given polling strategy. */
export async function runWorkload(tasks: PlannedTask[], warmUpTasks: number, strategy: PollPlanOptions['strategy']): Promise<RunResult> {
  const clock = new ManualClock();
  const limiter = new CountingRateLimiter({ clock });
  const time: SimulatedTime = { clock, activity: new HttpActivity(), limiters: [limiter] };
  const root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-bench-'));
  const simulator = await startSimulator({ clock, pendingMs: 0, runningMs: 0, balance: 1e9 });

  // One generation task per planned task, so each has its own song length.
  const songs = tasks.map((task, index) => {
    const suffix = String(index).padStart(6, '0');
    const generation = simulator.addGenerationTask({
      taskId: `bench-generation-${suffix}`,
      status: 'success',
      prompt: 'benchmark',
      title: `Bench ${suffix}`,
      tags: 'bench',
      lyrics: '',
      model: 'chirp-v4',
      songs: [{ sunoId: `bench-song-${suffix}`, title: `Bench ${suffix}`, tags: 'bench', durationSeconds: task.songSeconds, modelName: 'chirp-v4', cover: 'cover.png', createTime: 1_767_225_600 }],
    });
    return { generationTaskId: generation.taskId, sunoId: `bench-song-${suffix}` };
  });

  // Every TaskInfo response of a planned task is rewritten to the state its own duration gives.
  const planByTaskId = new Map<string, PlannedTask>();
  simulator.injectFaults(
    'TaskInfo',
    Array.from({ length: 100_000 }, () => ({
      kind: 'transform' as const,
      transform: (envelope: Record<string, unknown>) => rewriteTaskInfo(envelope, planByTaskId, simulator.separationTasks, clock.now()),
    })),
  );

  const noticedAt = new Map<string, number>();
  const recordIndex = new Map<string, number>();
  const engine = new TaskEngine({
    dataDir: path.join(root, 'data'),
    client: createCrunClient({ apiBase: simulator.url, getKey: async () => DEFAULT_SIMULATOR_KEY, clock, limiter }),
    library: await createLibrary({ root: path.join(root, 'Library'), clock }),
    downloader: createDownloader({ clock }),
    clock,
    emit: (event) => {
      if (event.type !== 'task' || ['submitting', 'pending', 'running'].includes(event.task.state) || noticedAt.has(event.task.id)) return;
      noticedAt.set(event.task.id, clock.now());
    },
    onKeyRejected: () => undefined,
    pollPlan: () => ({ ...DEFAULT_POLL_PLAN, strategy }),
    random: seededRandom(7),
  });
  engine.start();

  try {
    const started = clock.now();
    for (const [index, task] of tasks.entries()) {
      await runFor(time, Math.max(0, started + task.atMs - clock.now()));
      const song = songs[index] as { generationTaskId: string; sunoId: string };
      void engine.submit({ ...song, mode: task.mode, confirmDuplicate: true }).then((submitted) => {
        if (submitted.taskId !== null) planByTaskId.set(submitted.taskId, task);
        recordIndex.set(submitted.id, index);
      });
      await settle(time);
    }
    await runUntil(time, () => noticedAt.size >= tasks.length, 24 * 60 * 60 * 1000);
    await settle(time);
    return measure(tasks, warmUpTasks, strategy, simulator, engine, noticedAt, recordIndex);
  } finally {
    await engine.stop();
    await simulator.close();
    time.activity.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

function rewriteTaskInfo(envelope: Record<string, unknown>, plans: ReadonlyMap<string, PlannedTask>, simTasks: ReadonlyMap<string, { createdAtMs: number }>, now: number): unknown {
  const data = envelope.data as Record<string, unknown> | null | undefined;
  const taskId = typeof data?.task_id === 'string' ? data.task_id : null;
  const plan = taskId === null ? undefined : plans.get(taskId);
  const created = taskId === null ? undefined : simTasks.get(taskId)?.createdAtMs;
  if (!data || !plan || created === undefined) return envelope;

  const finishAt = created + plan.queueMs + plan.processingMs;
  if (now < finishAt) {
    data.status = now < created + plan.queueMs ? 'pending' : 'running';
    data.result = null;
    data.complete_at = null;
    data.duration_s = null;
    data.credits = null;
  } else {
    // No stem links: the engine notices the finish and stops there, so no download adds noise.
    data.status = 'success';
    data.result = { media_info: {} };
    data.complete_at = Math.floor(finishAt / 1000);
    data.duration_s = plan.processingMs / 1000;
  }
  return envelope;
}

function measure(
  tasks: PlannedTask[],
  warmUpTasks: number,
  strategy: PollPlanOptions['strategy'],
  simulator: Awaited<ReturnType<typeof startSimulator>>,
  engine: TaskEngine,
  noticedAt: ReadonlyMap<string, number>,
  recordIndex: ReadonlyMap<string, number>,
): RunResult {
  const delays: number[] = [];
  const durationsMs: number[] = [];
  const measuredTaskIds = new Set<string>();
  for (const record of engine.list()) {
    const index = recordIndex.get(record.id);
    if (index === undefined || index < warmUpTasks || record.taskId === null) continue;
    const plan = tasks[index] as PlannedTask;
    const created = simulator.separationTasks.get(record.taskId)?.createdAtMs ?? record.createdAt;
    const finishAt = created + plan.queueMs + plan.processingMs;
    delays.push((noticedAt.get(record.id) ?? finishAt) - finishAt);
    durationsMs.push(plan.queueMs + plan.processingMs);
    measuredTaskIds.add(record.taskId);
  }
  const queries = simulator.requests.filter((request) => {
    const match = /[?&]task_id=([^&]+)/.exec(request.path);
    return request.path.includes('/TaskInfo') && match !== null && measuredTaskIds.has(decodeURIComponent(match[1] as string));
  }).length;
  delays.sort((a, b) => a - b);
  return {
    strategy,
    queries,
    meanDelayMs: delays.reduce((sum, value) => sum + value, 0) / Math.max(1, delays.length),
    p95DelayMs: delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.95))] ?? 0,
    peakPerSecond: peakInWindow(simulator.requests.map((request) => request.time)),
    durationsMs,
    delaysMs: delays,
  };
}
