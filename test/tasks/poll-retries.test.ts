// Retries while polling, in simulated time: 429 storms with and without Retry-After, bursts of 455
// and 500, HTML instead of JSON, slow responses, connection resets and a network that goes away.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimSeparationTask } from '../simulator/task-data.js';
import { startSimulator } from '../simulator/simulator.js';
import { gapsOf, startSimCore } from './support/sim-core.js';

const isPolling = (state: string): boolean => state === 'pending' || state === 'running';

describe('429 storms', () => {
  it('wait at least Retry-After between queries of every task', async () => {
    const harness = await startSimCore();
    try {
      const first = await harness.submit({ song: 0 });
      const second = await harness.submit({ song: 1 });
      const firstTask = first.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 429, retryAfter: '7' })));
      await harness.runUntil(() => harness.record(first.id).state === 'downloading' && harness.record(second.id).state === 'downloading');

      const all = harness.fixture.simulator.requests.filter((request) => request.path.includes('/TaskInfo'));
      const limited = all.filter((request) => request.status === 429);
      assert.equal(limited.length, 4);
      for (const response of limited) {
        const next = all.find((request) => request.time > response.time);
        assert.ok(next, 'a query follows each 429');
        assert.ok(next.time - response.time >= 7_000, `the next query of any task waits 7 s, waited ${next.time - response.time} ms`);
      }
      assert.equal(harness.record(first.id).failures, 0, 'a rate limit does not count against the task');
      assert.ok(harness.queries(firstTask).length >= 2);
    } finally {
      await harness.close();
    }
  });

  it('back off exponentially without Retry-After', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 429 })));
      await harness.runUntil(() => harness.queries(taskId).length >= 4);
      await harness.runFor(0);
      assert.equal(harness.record(submitted.id).error?.code, 'rate_limited', 'a long storm shows on the task');

      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      const gaps = gapsOf(harness.queries(taskId)).slice(0, 5);
      // Equal jitter: the wait after the n-th 429 in a row is at least 2.5 s × 2^(n-1).
      gaps.forEach((gap, index) => assert.ok(gap >= 2_500 * 2 ** index, `wait ${index + 1} is ${gap} ms`));
      assert.equal(harness.record(submitted.id).error, null, 'the error clears with the next response');
      assert.equal(harness.record(submitted.id).failures, 0);
    } finally {
      await harness.close();
    }
  });
});

describe('bursts of server errors', () => {
  it('455 pauses every query with a growing back-off', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', Array.from({ length: 3 }, () => ({ kind: 'envelope' as const, code: 455, message: 'maintenance' })));
      await harness.runUntil(() => harness.queries(taskId).length >= 1);
      await harness.runFor(0);
      assert.equal(harness.record(submitted.id).error?.code, 'maintenance');
      assert.match(harness.record(submitted.id).error?.message ?? '', /maintenance.*asks again in \d+ s/);

      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      const gaps = gapsOf(harness.queries(taskId)).slice(0, 3);
      gaps.forEach((gap, index) => assert.ok(gap >= 15_000 * 2 ** index, `wait ${index + 1} is ${gap} ms`));
      assert.equal(harness.record(submitted.id).failures, 0);
      assert.equal(harness.record(submitted.id).error, null);
    } finally {
      await harness.close();
    }
  });

  it('500 backs one task off exponentially, then resets', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500 })));
      const failureCounts: number[] = [];
      for (let query = 1; query <= 4; query++) {
        await harness.runUntil(() => harness.queries(taskId).length >= query);
        await harness.runFor(0);
        failureCounts.push(harness.record(submitted.id).failures);
      }
      assert.deepEqual(failureCounts, [1, 2, 3, 4]);
      assert.equal(harness.record(submitted.id).error?.code, 'server_error');

      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      const gaps = gapsOf(harness.queries(taskId)).slice(0, 4);
      gaps.forEach((gap, index) => assert.ok(gap >= 7_500 * 2 ** index, `wait ${index + 1} is ${gap} ms`));
      assert.ok(gaps.every((gap) => gap <= 10 * 60_000), 'the back-off is capped at 10 minutes');
      assert.equal(harness.record(submitted.id).failures, 0);
    } finally {
      await harness.close();
    }
  });
});

describe('responses that are not JSON', () => {
  it('an HTML page names status and type', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', [{ kind: 'html' }]);
      await harness.runUntil(() => harness.queries(taskId).length >= 1);
      await harness.runFor(0);

      const error = harness.record(submitted.id).error;
      assert.equal(error?.code, 'bad_response');
      assert.match(error?.message ?? '', /HTTP 200/);
      assert.match(error?.message ?? '', /text\/html/);
      assert.equal(harness.record(submitted.id).failures, 1);
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
    } finally {
      await harness.close();
    }
  });

  it('an HTML error page on HTTP 502 is a retried server error', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      harness.fixture.simulator.injectFaults('TaskInfo', [{ kind: 'html', status: 502 }]);
      await harness.runUntil(() => harness.record(submitted.id).failures === 1);
      assert.equal(harness.record(submitted.id).error?.code, 'server_error');
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
    } finally {
      await harness.close();
    }
  });
});

describe('slow responses', () => {
  it('a response slower than the timeout is retried', async () => {
    const harness = await startSimCore({ core: { requestTimeoutMs: 500 } });
    try {
      const submitted = await harness.submit();
      harness.fixture.simulator.injectFaults('TaskInfo', [{ kind: 'delay', ms: 1_500 }]);
      await harness.runUntil(() => harness.record(submitted.id).failures === 1);
      assert.equal(harness.record(submitted.id).error?.code, 'timeout');
      assert.ok(isPolling(harness.record(submitted.id).state));
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
    } finally {
      await harness.close();
    }
  });

  it('a response within the timeout is simply late', async () => {
    const harness = await startSimCore({ core: { requestTimeoutMs: 5_000 } });
    try {
      const submitted = await harness.submit();
      harness.fixture.simulator.injectFaults('TaskInfo', [{ kind: 'delay', ms: 300 }, { kind: 'delay', ms: 300 }]);
      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      assert.equal(harness.record(submitted.id).failures, 0);
      assert.equal(harness.record(submitted.id).error, null);
    } finally {
      await harness.close();
    }
  });
});

describe('lost network', () => {
  it('connection resets pause polling without counting failures', async () => {
    const harness = await startSimCore();
    try {
      const submitted = await harness.submit();
      const taskId = submitted.taskId ?? '';
      harness.fixture.simulator.injectFaults('TaskInfo', Array.from({ length: 3 }, () => ({ kind: 'reset' as const })));
      await harness.runUntil(() => harness.queries(taskId).length >= 3);
      await harness.runFor(0);
      assert.equal(harness.record(submitted.id).error?.code, 'network');
      assert.equal(harness.record(submitted.id).failures, 0);

      await harness.runUntil(() => harness.record(submitted.id).state === 'downloading');
      assert.equal(harness.record(submitted.id).failures, 0, 'failures did not climb');
      const gaps = gapsOf(harness.queries(taskId)).slice(0, 3);
      gaps.forEach((gap, index) => assert.ok(gap >= 1_000 * 2 ** index, `probe ${index + 1} waited ${gap} ms`));
    } finally {
      await harness.close();
    }
  });

  it('polling resumes when the API returns', async () => {
    const harness = await startSimCore({ simulator: { pendingMs: 5 * 60_000, runningMs: 60_000 } });
    let replacement: Awaited<ReturnType<typeof startSimulator>> | null = null;
    try {
      const tasks = [await harness.submit({ song: 0 }), await harness.submit({ song: 1 }), await harness.submit({ song: 2 })];
      await harness.runFor(20_000);
      const old = harness.fixture.simulator;
      const port = Number(new URL(old.url).port);
      const known = [...old.separationTasks.entries()];
      await old.close();

      // Ten minutes without the API: the probes go one at a time with a growing gap.
      const startedBefore = harness.time.activity.apiStarted;
      await harness.runFor(10 * 60_000);
      const probes = harness.time.activity.apiStarted - startedBefore;
      assert.ok(probes >= 3, `probes while offline: ${probes}`);
      assert.ok(probes <= 20, `probes while offline are spaced out: ${probes}`);
      for (const task of tasks) {
        assert.equal(harness.record(task.id).failures, 0, 'failures did not climb');
        assert.ok(isPolling(harness.record(task.id).state), 'the task keeps its state');
      }

      replacement = await startSimulator({ clock: harness.clock, port, pendingMs: 5 * 60_000, runningMs: 60_000 });
      const adopted = replacement.separationTasks as Map<string, SimSeparationTask>;
      for (const [id, task] of known) adopted.set(id, task);
      const sim = replacement;
      await harness.runUntil(() => tasks.every((task) => harness.record(task.id).state === 'downloading' || harness.record(task.id).state === 'done'));
      for (const task of tasks) {
        assert.ok(sim.requests.some((request) => request.path.includes(`task_id=${task.taskId ?? ''}`)), 'each task is queried again');
        assert.equal(harness.record(task.id).failures, 0);
      }
    } finally {
      await replacement?.close();
      await harness.close();
    }
  });
});
