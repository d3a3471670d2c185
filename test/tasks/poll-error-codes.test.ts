// Each provider error code during polling, as the HTTP status and as the envelope code of an
// HTTP 200, in simulated time: the task's state and message, and whether it is queried again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fault } from '../simulator/faults.js';
import { startSimCore, type SimCore } from './support/sim-core.js';

type Delivery = 'status' | 'envelope';

function fault(code: number, delivery: Delivery, message: string): Fault {
  return delivery === 'status' ? { kind: 'status', status: code, message } : { kind: 'envelope', code, message };
}

/** Submits a task, fails its first query with `code`, and returns the task after that response. */
async function firstQueryFails(harness: SimCore, code: number, delivery: Delivery, message: string) {
  const submitted = await harness.submit();
  const taskId = submitted.taskId ?? '';
  harness.fixture.simulator.injectFaults('TaskInfo', [fault(code, delivery, message)]);
  await harness.runUntil(() => harness.queries(taskId).length >= 1);
  await harness.runFor(0);
  return { submitted, taskId };
}

const FINAL_CASES = [
  { code: 402, state: 'failed', errorCode: 'insufficient_credits', message: 'insufficient credits', pattern: /not have enough credits.*The balance is \d+(\.\d+)? credits/ },
  { code: 404, state: 'lost', errorCode: 'not_found', message: 'task not found', pattern: /no task with id/ },
  { code: 422, state: 'lost', errorCode: 'validation', message: 'task_id not found', pattern: /rejected the query for task .*: task_id not found/ },
  { code: 501, state: 'failed', errorCode: 'generation_failed', message: 'separation model crashed', pattern: /501.*separation model crashed/ },
  { code: 505, state: 'failed', errorCode: 'feature_disabled', message: 'vocal separation is disabled', pattern: /disabled this feature.*vocal separation is disabled/ },
] as const;

for (const delivery of ['status', 'envelope'] as const) {
  describe(`polling fails with an error code (${delivery === 'status' ? 'HTTP status' : 'envelope code in HTTP 200'})`, () => {
    for (const testCase of FINAL_CASES) {
      it(`${testCase.code} ends the task as ${testCase.state}`, async () => {
        const harness = await startSimCore();
        try {
          const { submitted, taskId } = await firstQueryFails(harness, testCase.code, delivery, testCase.message);
          const task = harness.fixture.core.engine.get(submitted.id);
          assert.equal(task.state, testCase.state);
          assert.equal(task.error?.code, testCase.errorCode);
          assert.match(task.error?.message ?? '', testCase.pattern);

          await harness.runFor(30 * 60_000);
          assert.equal(harness.queries(taskId).length, 1, 'no retry after a final error');
          assert.ok(harness.fixture.core.engine.store.get(submitted.id), 'the record is kept');
        } finally {
          await harness.close();
        }
      });
    }

    for (const code of [429, 455, 500]) {
      it(`${code} is retried until the task finishes`, async () => {
        const harness = await startSimCore();
        try {
          const { submitted, taskId } = await firstQueryFails(harness, code, delivery, `simulated ${code}`);
          const afterError = harness.record(submitted.id);
          assert.ok(['pending', 'running'].includes(afterError.state), `still polling after ${code}, got ${afterError.state}`);
          assert.equal(afterError.failures, code === 500 ? 1 : 0, 'only a server error counts against the task');

          await harness.runUntil(() => harness.record(submitted.id).state === 'downloading' || harness.record(submitted.id).state === 'done');
          assert.ok(harness.queries(taskId).length >= 2);
          assert.equal(harness.record(submitted.id).failures, 0);
          assert.equal(harness.record(submitted.id).error, null);
        } finally {
          await harness.close();
        }
      });
    }

    it('401 pauses polling and blocks the key', async () => {
      const harness = await startSimCore();
      try {
        const first = await harness.submit({ song: 0 });
        const second = await harness.submit({ song: 1 });
        harness.fixture.simulator.injectFaults('TaskInfo', [fault(401, delivery, 'Unauthorized')]);
        await harness.runUntil(() => harness.fixture.core.engine.get(first.id).state === 'paused');
        await harness.runFor(0);

        for (const id of [first.id, second.id]) {
          const task = harness.fixture.core.engine.get(id);
          assert.equal(task.state, 'paused', `task ${id} is paused`);
          assert.equal(task.error?.code, 'invalid_key');
          assert.match(task.error?.message ?? '', /rejected the API key.*new key/);
        }
        const requestsAfter401 = harness.fixture.simulator.requests.length;
        await assert.rejects(harness.fixture.core.client.getBalance(), (error: { code?: string }) => error.code === 'invalid_key');
        await harness.runFor(30 * 60_000);
        assert.equal(harness.fixture.simulator.requests.length, requestsAfter401, 'no request is sent with a rejected key');
      } finally {
        await harness.close();
      }
    });
  });
}

describe('a rejected key in the app', () => {
  it('resumes polling once the user sets a key', async () => {
    const harness = await startSimCore({ apiKey: null, core: { keychainService: `Stemcrate Test ${process.pid}` }, realPauseMs: 20 });
    try {
      await harness.fixture.core.setKey('sim-test-key-0001');
      const submitted = await harness.submit();
      harness.fixture.simulator.injectFaults('TaskInfo', [{ kind: 'status', status: 401 }]);
      await harness.runUntil(() => harness.fixture.core.engine.get(submitted.id).state === 'paused');

      await harness.fixture.core.setKey('sim-test-key-0001');
      assert.notEqual(harness.fixture.core.engine.get(submitted.id).state, 'paused');
      await harness.runUntil(() => ['downloading', 'done'].includes(harness.fixture.core.engine.get(submitted.id).state));
      assert.equal(harness.fixture.core.engine.get(submitted.id).error, null);
    } finally {
      await harness.fixture.core.removeKey().catch(() => undefined);
      await harness.close();
    }
  });
});
