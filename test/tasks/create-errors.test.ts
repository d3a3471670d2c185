// Each provider error code on the paid create call, as the HTTP status and as the envelope code of
// an HTTP 200. A certain rejection drops the record, and a response that may hide a created task
// keeps it as "maybe submitted". After a 429 the call is sent again once the pause is over.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import type { Fault } from '../simulator/faults.js';
import { startSimCore, type SimCore } from './support/sim-core.js';

async function submitError(harness: SimCore): Promise<AppError> {
  try {
    await harness.submit();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the submission to fail');
}

const REJECTIONS = [
  { code: 401, errorCode: 'invalid_key', pattern: /rejected the API key/ },
  { code: 402, errorCode: 'insufficient_credits', pattern: /not have enough credits.*The balance is \d+ credits/ },
  { code: 404, errorCode: 'not_found', pattern: /no task with id [0-9a-f-]{36}/ },
  { code: 422, errorCode: 'validation', pattern: /^suno_id not found in task$/ },
  { code: 455, errorCode: 'maintenance', pattern: /maintenance/ },
  { code: 501, errorCode: 'generation_failed', pattern: /failed.*provider says no/ },
  { code: 505, errorCode: 'feature_disabled', pattern: /disabled this feature/ },
] as const;

const MESSAGES: Record<number, string> = { 422: 'suno_id not found in task', 501: 'provider says no' };

for (const delivery of ['status', 'envelope'] as const) {
  describe(`create fails with an error code (${delivery === 'status' ? 'HTTP status' : 'envelope code in HTTP 200'})`, () => {
    for (const rejection of REJECTIONS) {
      it(`${rejection.code} drops the record and charges nothing`, async () => {
        const harness = await startSimCore();
        try {
          const message = MESSAGES[rejection.code] ?? `simulated ${rejection.code}`;
          const fault: Fault = delivery === 'status' ? { kind: 'status', status: rejection.code, message } : { kind: 'envelope', code: rejection.code, message };
          harness.fixture.simulator.injectFaults('CreateTask', [fault]);
          const error = await submitError(harness);
          assert.equal(error.code, rejection.errorCode);
          assert.match(error.message, rejection.pattern);
          assert.deepEqual(harness.fixture.core.engine.list(), [], 'no record is kept');
          assert.equal(harness.fixture.simulator.separationTasks.size, 0);
          if (rejection.code === 401) {
            const before = harness.fixture.simulator.requests.length;
            await assert.rejects(harness.fixture.core.client.getBalance(), (rejected: AppError) => rejected.code === 'invalid_key');
            assert.equal(harness.fixture.simulator.requests.length, before, 'no request is sent with the rejected key');
          }
        } finally {
          await harness.close();
        }
      });
    }

    it('500 keeps the record as maybe submitted', async () => {
      const harness = await startSimCore();
      try {
        harness.fixture.simulator.injectFaults('CreateTask', [delivery === 'status' ? { kind: 'status', status: 500 } : { kind: 'envelope', code: 500 }]);
        const error = await submitError(harness);
        assert.equal(error.code, 'server_error');
        const [task] = harness.fixture.core.engine.list();
        assert.equal(task?.state, 'maybe_submitted');
        assert.match(task?.error?.message ?? '', /may have been submitted to crun\.ai at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
        await harness.runFor(30 * 60_000);
        assert.equal(harness.creates().length, 1, 'never submitted again by itself');
      } finally {
        await harness.close();
      }
    });
  });
}

describe('create responses hiding a created task', () => {
  for (const fault of [{ kind: 'html' }, { kind: 'reset' }, { kind: 'raw', body: '{"code":200,"message":"success","data":{"task_' }] as Fault[]) {
    it(`${fault.kind} keeps the record as maybe submitted`, async () => {
      const harness = await startSimCore();
      try {
        harness.fixture.simulator.injectFaults('CreateTask', [fault]);
        const error = await submitError(harness);
        assert.ok(['bad_response', 'network'].includes(error.code), error.code);
        const [task] = harness.fixture.core.engine.list();
        assert.equal(task?.state, 'maybe_submitted');
        assert.match(task?.error?.message ?? '', /may have been submitted/);
      } finally {
        await harness.close();
      }
    });
  }
});

describe('create rate limited', () => {
  it('is sent again after Retry-After and creates one task', async () => {
    const harness = await startSimCore();
    try {
      harness.fixture.simulator.injectFaults('CreateTask', [{ kind: 'status', status: 429, retryAfter: '3' }]);
      const submitted = await harness.submit();
      assert.equal(submitted.state, 'pending');
      const creates = harness.creates();
      assert.equal(creates.length, 2);
      assert.ok((creates[1]?.time ?? 0) - (creates[0]?.time ?? 0) >= 3_000, 'waited for Retry-After');
      assert.equal(harness.fixture.simulator.separationTasks.size, 1);
    } finally {
      await harness.close();
    }
  });

  it('gives up after three 429 responses', async () => {
    const harness = await startSimCore();
    try {
      harness.fixture.simulator.injectFaults('CreateTask', Array.from({ length: 3 }, () => ({ kind: 'envelope' as const, code: 429 })));
      const error = await submitError(harness);
      assert.equal(error.code, 'rate_limited');
      assert.equal(harness.creates().length, 3);
      assert.deepEqual(harness.fixture.core.engine.list(), []);
    } finally {
      await harness.close();
    }
  });
});
