// The shared request limit with many active tasks, counted at the simulator per sliding one-second
// window in simulated time (one ManualClock for the core and the simulator).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { TaskDto } from '../../preload/contract.js';
import type { RequestRecord } from '../simulator/simulator.js';
import { peakInWindow } from './support/simulated-time.js';
import { startSimCore, type SimCore } from './support/sim-core.js';

/** Submits `count` tasks at once, spread over the seeded songs and both modes. */
async function submitMany(harness: SimCore, count: number): Promise<TaskDto[]> {
  const songs = harness.fixture.simulator.generationTasks
    .filter((task) => task.status === 'success')
    .flatMap((task) => task.songs.map((song) => ({ generationTaskId: task.taskId, sunoId: song.sunoId })));
  const results: PromiseSettledResult<TaskDto>[] = [];
  const pending = Array.from({ length: count }, (_, index) =>
    harness.fixture.core.engine.submit({ ...(songs[index % songs.length] as (typeof songs)[number]), mode: index % 2 === 0 ? 'vocal' : 'instrumental', confirmDuplicate: true }),
  );
  void Promise.allSettled(pending).then((settled) => results.push(...settled));
  await harness.runUntil(() => results.length === count, 6 * 60 * 60_000);
  const failed = results.filter((result) => result.status === 'rejected');
  assert.equal(failed.length, 0, `every submission succeeds: ${String((failed[0] as PromiseRejectedResult | undefined)?.reason)}`);
  return results.map((result) => (result as PromiseFulfilledResult<TaskDto>).value);
}

const timesOf = (requests: readonly RequestRecord[]): number[] => requests.map((request) => request.time);

/**
 * Creates a data folder in memory (tmpfs) where the system has one. Each submission flushes its
 * record to the disk twice (fsync), which on a slow disk takes longer than the rest of this test.
 */
async function memoryDataDir(): Promise<string> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  return mkdtemp(path.join(base, 'stemcrate-rate-'));
}

describe('request rate limit', () => {
  it('1,000 active tasks stay within 15 requests per second', async () => {
    const dataDir = await memoryDataDir();
    const harness = await startSimCore({ simulator: { pendingMs: 2 * 60 * 60_000, runningMs: 60 * 60_000, balance: 1e6 }, core: { dataDir } });
    try {
      const tasks = await submitMany(harness, 1000);
      assert.equal(harness.creates().length, 1000, 'one create call per task');
      const pollingStart = harness.clock.now();
      await harness.runFor(5 * 60_000);

      const requests = harness.fixture.simulator.requests;
      assert.ok(peakInWindow(timesOf(requests)) <= 15, `peak ${peakInWindow(timesOf(requests))} requests in one second`);
      const queries = requests.filter((request) => request.path.includes('/TaskInfo') && request.time >= pollingStart);
      // The planned share of the limit is 80 %: 12 queries per second, 3,600 in five minutes.
      assert.ok(queries.length > 3_000, `polling kept going: ${queries.length} queries in 5 minutes`);
      for (const task of tasks) {
        assert.ok(['pending', 'running'].includes(harness.record(task.id).state), `task ${task.id} is still tracked`);
        assert.ok(harness.queries(task.taskId ?? '').length >= 2, `task ${task.taskId ?? ''} was queried`);
      }
    } finally {
      await harness.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('the maxRequestsPerSecond setting lowers the cap', async () => {
    const harness = await startSimCore({ core: { overrides: { maxRequestsPerSecond: 4 } }, simulator: { pendingMs: 60 * 60_000 } });
    try {
      await submitMany(harness, 60);
      await harness.runFor(5 * 60_000);
      const peak = peakInWindow(timesOf(harness.fixture.simulator.requests));
      assert.equal(peak, 4, 'the limiter runs at the configured rate, and no faster');
    } finally {
      await harness.close();
    }
  });

  it('a lowered setting applies without a restart', async () => {
    const harness = await startSimCore({ simulator: { pendingMs: 60 * 60_000 } });
    try {
      const submissions = submitMany(harness, 300);
      await harness.runFor(5_000);
      const switchedAt = harness.clock.now();
      harness.fixture.core.settings.update({ maxRequestsPerSecond: 3 });
      await submissions;
      await harness.runFor(2 * 60_000);

      const times = timesOf(harness.fixture.simulator.requests);
      assert.ok(peakInWindow(times) <= 15);
      assert.ok(peakInWindow(times.filter((time) => time < switchedAt)) === 15, 'the old rate was in use before the change');
      // Requests already waiting when the setting changed still go out at the old rate.
      const later = times.filter((time) => time >= switchedAt + 30_000);
      assert.ok(later.length > 0);
      assert.equal(peakInWindow(later), 3);
    } finally {
      await harness.close();
    }
  });
});
