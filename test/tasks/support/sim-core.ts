// A core and a simulator sharing one ManualClock, for engine tests that need minutes or hours of
// polling: time moves only when the test advances it, and only once every request has ended.
import { Writable } from 'node:stream';
import type { CoreOptions } from '../../../main/core.js';
import { createLogger, setRootLogger } from '../../../main/log/logger.js';
import type { TaskRecord } from '../../../main/tasks/record.js';
import { ManualClock } from '../../../main/util/manual-clock.js';
import type { SeparationMode, TaskDto } from '../../../preload/contract.js';
import type { RequestRecord, SimulatorOptions } from '../../simulator/simulator.js';
import { startCoreFixture, type CoreFixture } from '../../support/core-fixture.js';
import { CountingRateLimiter, HttpActivity, runFor, runUntil, settle, type SimulatedTime } from './simulated-time.js';

export interface SimCore {
  fixture: CoreFixture;
  time: SimulatedTime;
  clock: ManualClock;
  /** Submits a seeded song (charged again if already separated) and waits until the call returns. */
  submit(options?: { song?: number; mode?: SeparationMode }): Promise<TaskDto>;
  /** Returns the engine's record, with fields the DTO hides (failures, poll count). */
  record(id: string): TaskRecord;
  /** TaskInfo requests the simulator received for a separation task, oldest first. */
  queries(taskId: string): RequestRecord[];
  creates(): RequestRecord[];
  runFor(ms: number): Promise<void>;
  runUntil(done: () => boolean, limitMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Default simulator timing of these tests: 20 s pending, then 40 s running, in simulated time. */
export const SIM_PENDING_MS = 20_000;
export const SIM_RUNNING_MS = 40_000;

export async function startSimCore(
  options: {
    simulator?: SimulatorOptions;
    core?: Partial<CoreOptions>;
    apiKey?: string | null;
    /** Real-time pause before each simulated step, for a key kept in the OS keychain (D-Bus calls). */
    realPauseMs?: number;
  } = {},
): Promise<SimCore> {
  const clock = new ManualClock();
  const limiters: CountingRateLimiter[] = [];
  const fixture = await startCoreFixture({
    simulator: { clock, pendingMs: SIM_PENDING_MS, runningMs: SIM_RUNNING_MS, ...options.simulator },
    apiKey: options.apiKey,
    core: {
      clock,
      createRateLimiter: (limiterOptions) => {
        const limiter = new CountingRateLimiter(limiterOptions);
        limiters.push(limiter);
        return limiter;
      },
      ...options.core,
      overrides: { pollIntervalSeconds: 15, ...options.core?.overrides },
    },
  });
  const time: SimulatedTime = { clock, activity: new HttpActivity(), limiters };
  const songs = fixture.simulator.generationTasks
    .filter((task) => task.status === 'success')
    .flatMap((task) => task.songs.map((song) => ({ generationTaskId: task.taskId, sunoId: song.sunoId })));

  const harness: SimCore = {
    fixture,
    time,
    clock,
    async submit({ song = 0, mode = 'vocal' } = {}) {
      const chosen = songs[song % songs.length];
      if (!chosen) throw new Error('the simulator has no finished generation task to separate');
      let outcome: { value: TaskDto } | { error: unknown } | null = null;
      fixture.core.engine.submit({ ...chosen, mode, confirmDuplicate: true }).then(
        (value) => (outcome = { value }),
        (error: unknown) => (outcome = { error }),
      );
      await harness.runUntil(() => outcome !== null, 5 * 60_000);
      const settled = outcome as { value: TaskDto } | { error: unknown } | null;
      if (settled === null) throw new Error('submit did not settle');
      if ('error' in settled) throw settled.error;
      return settled.value;
    },
    record(id) {
      const record = fixture.core.engine.store.get(id);
      if (!record) throw new Error(`no task record ${id}`);
      return record;
    },
    queries(taskId) {
      return fixture.simulator.requests.filter((request) => request.path.includes('/TaskInfo') && request.path.includes(`task_id=${taskId}`));
    },
    creates() {
      return fixture.simulator.requests.filter((request) => request.path.includes('/CreateTask'));
    },
    runFor: (ms) => runFor(time, ms),
    runUntil: (done, limitMs = 60 * 60_000) => runUntil(time, done, limitMs, options.realPauseMs ?? 0),
    async close() {
      await settle(time).catch(() => undefined);
      await fixture.close();
      time.activity.dispose();
    },
  };
  return harness;
}

/** Routes every log line into an array, so a test can count what was logged. */
export function captureLogLines(): string[] {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  setRootLogger(createLogger({ level: 'info', stream }));
  return lines;
}

/** Gaps between consecutive request times, ms. */
export function gapsOf(requests: readonly RequestRecord[]): number[] {
  return requests.slice(1).map((request, index) => request.time - (requests[index] as RequestRecord).time);
}
