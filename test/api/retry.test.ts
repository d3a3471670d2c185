// withRetry in simulated time: which codes retry, Retry-After, back-off bounds, attempt cap, abort.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorCode } from '../../preload/contract.js';
import { RateLimiter } from '../../main/api/rate-limiter.js';
import { retryDelayMs, withRetry } from '../../main/api/retry.js';
import { AppError } from '../../main/errors.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { captureLogs, newClient } from './helpers.js';
import { startSimulator, type Simulator } from '../simulator/simulator.js';

/**
 * Runs `promise` while advancing `clock` to each wake-up. With no sleeper waiting, real I/O is in
 * flight, so it yields for 5 real ms instead. Fails after `maxSteps` steps rather than hanging.
 */
async function settle<T>(clock: ManualClock, promise: Promise<T>, maxSteps = 1000): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => (settled = true));
  tracked.catch(() => undefined);
  for (let step = 0; step < maxSteps && !settled; step++) {
    const wakeAt = clock.nextWakeAt();
    if (wakeAt === null) await new Promise((resolve) => setTimeout(resolve, 5));
    else await clock.advance(Math.max(0, wakeAt - clock.now()));
  }
  if (!settled) throw new Error(`the operation did not settle within ${maxSteps} steps`);
  return tracked;
}

/** An operation that fails with each error in turn, then returns 'ok', recording attempt times. */
function failingOperation(clock: ManualClock, errors: AppError[]) {
  const attemptTimes: number[] = [];
  const operation = async (): Promise<string> => {
    attemptTimes.push(clock.now());
    const error = errors[attemptTimes.length - 1];
    if (error) throw error;
    return 'ok';
  };
  return { operation, attemptTimes };
}

describe('withRetry', () => {
  before(() => {
    captureLogs();
  });

  for (const code of ['rate_limited', 'maintenance', 'server_error', 'network', 'timeout'] satisfies ErrorCode[]) {
    it(`retries ${code}`, async () => {
      const clock = new ManualClock();
      const { operation, attemptTimes } = failingOperation(clock, [new AppError(code, 'first'), new AppError(code, 'second')]);
      const result = await settle(clock, withRetry(operation, { clock, taskId: 'task-1' }));
      assert.equal(result, 'ok');
      assert.equal(attemptTimes.length, 3);
    });
  }

  for (const code of ['invalid_key', 'insufficient_credits', 'not_found', 'validation', 'generation_failed', 'feature_disabled', 'bad_response', 'no_key'] satisfies ErrorCode[]) {
    it(`does not retry ${code}`, async () => {
      const clock = new ManualClock();
      const { operation, attemptTimes } = failingOperation(clock, [new AppError(code, 'final')]);
      await assert.rejects(settle(clock, withRetry(operation, { clock })), { code });
      assert.equal(attemptTimes.length, 1);
    });
  }

  it('does not retry plain errors', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    const operation = async (): Promise<never> => {
      attempts += 1;
      throw new TypeError('bug');
    };
    await assert.rejects(settle(clock, withRetry(operation, { clock })), TypeError);
    assert.equal(attempts, 1);
  });

  it('honours Retry-After', async () => {
    const clock = new ManualClock();
    const { operation, attemptTimes } = failingOperation(clock, [new AppError('rate_limited', 'slow down', { retryAfterMs: 7000 })]);
    const result = await settle(clock, withRetry(operation, { clock, random: () => 0.5 }));
    assert.equal(result, 'ok');
    assert.equal((attemptTimes[1] as number) - (attemptTimes[0] as number), 7000);
  });

  it('stops when Retry-After passes the cap', async () => {
    const clock = new ManualClock();
    const { operation, attemptTimes } = failingOperation(clock, [new AppError('rate_limited', 'come back tomorrow', { retryAfterMs: 86_400_000 })]);
    const error = await settle(clock, withRetry(operation, { clock, maxDelayMs: 60_000 })).catch((caught: unknown) => caught);
    assert.ok(error instanceof AppError);
    assert.equal(error.retryAfterMs, 86_400_000);
    assert.equal(attemptTimes.length, 1);
  });

  it('stops at the attempt cap', async () => {
    const clock = new ManualClock();
    const errors = Array.from({ length: 10 }, (_, index) => new AppError('server_error', `failure ${index}`));
    const { operation, attemptTimes } = failingOperation(clock, errors);
    await assert.rejects(settle(clock, withRetry(operation, { clock, maxAttempts: 4 })), /failure 3/);
    assert.equal(attemptTimes.length, 4);
  });

  it('backs off exponentially to the cap', async () => {
    const clock = new ManualClock();
    const errors = Array.from({ length: 5 }, () => new AppError('network', 'down'));
    const { operation, attemptTimes } = failingOperation(clock, errors);
    // random() just below 1 gives the top of each jitter range.
    await settle(clock, withRetry(operation, { clock, random: () => 0.999999, baseDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 6 }));
    const gaps = attemptTimes.slice(1).map((time, index) => time - (attemptTimes[index] as number));
    assert.deepEqual(gaps, [999, 1999, 3999, 4999, 4999]);
  });

  it('keeps jittered delays in range', () => {
    const error = new AppError('server_error', 'x');
    const options = { baseDelayMs: 1000, maxDelayMs: 60_000 };
    assert.equal(retryDelayMs(3, error, { ...options, random: () => 0 }), 0);
    assert.equal(retryDelayMs(3, error, { ...options, random: () => 0.5 }), 2000);
    assert.equal(retryDelayMs(30, error, { ...options, random: () => 0.5 }), 30_000);
  });

  it('aborts a back-off sleep', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const { operation, attemptTimes } = failingOperation(clock, [new AppError('maintenance', 'later')]);
    const pending = withRetry(operation, { clock, signal: controller.signal, random: () => 0.5 });
    await clock.advance(0);
    controller.abort(new Error('cancelled by user'));
    await assert.rejects(pending, /cancelled by user/);
    assert.equal(attemptTimes.length, 1);
  });
});

describe('withRetry with the client', () => {
  let sim: Simulator;

  before(async () => {
    captureLogs();
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('retries a 429 then succeeds', async () => {
    const clock = new ManualClock();
    const client = newClient(sim, { clock, limiter: new RateLimiter({ clock }) });
    sim.injectFaults('balance', [
      { kind: 'status', status: 429, retryAfter: '3' },
      { kind: 'envelope', code: 500 },
      { kind: 'reset' },
    ]);
    const balance = await settle(clock, withRetry(() => client.getBalance(), { clock, operation: 'balance', random: () => 0 }));
    assert.equal(balance, 1000);
    const balanceRequests = sim.requests.filter((request) => request.path === '/api/v1/client/account/balance');
    assert.deepEqual(
      balanceRequests.map((request) => request.status),
      [429, 200, 0, 200],
    );
  });
});
