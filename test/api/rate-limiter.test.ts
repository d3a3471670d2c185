// The shared rate limiter in simulated time: window limit, FIFO order, aborts, pauses, registry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keyFingerprint } from '../../main/api/key-fingerprint.js';
import { limiterForKey, RateLimiter } from '../../main/api/rate-limiter.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { SEED_IDS } from '../simulator/seed.js';
import { expectAppError, newClient, startHarness, type Harness } from './helpers.js';

/** Advances `clock` to each next wake-up until `done()` or `maxSteps` steps, so a stuck limiter fails the test. */
async function runUntil(clock: ManualClock, done: () => boolean, maxSteps = 10_000): Promise<void> {
  for (let step = 0; step < maxSteps && !done(); step++) {
    const wakeAt = clock.nextWakeAt();
    await clock.advance(wakeAt === null ? 1 : Math.max(0, wakeAt - clock.now()));
  }
}

/** Returns the largest number of grants inside any half-open window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

describe('RateLimiter', () => {
  it('never passes 15 in any second', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const grantTimes: number[] = [];
    const order: number[] = [];

    const acquirers = Array.from({ length: 1000 }, (_, index) =>
      limiter.acquire().then(() => {
        grantTimes.push(clock.now());
        order.push(index);
      }),
    );
    await runUntil(clock, () => grantTimes.length === 1000);
    await Promise.all(acquirers);

    assert.equal(grantTimes.length, 1000);
    assert.equal(maxInWindow(grantTimes, 1000), 15);
    assert.deepEqual(
      order,
      Array.from({ length: 1000 }, (_, index) => index),
    );
    // 1,000 requests at 15 per second need 66 full windows after the first burst.
    assert.equal(Math.max(...grantTimes) - Math.min(...grantTimes), 66_000);
  });

  it('spreads a lower rate', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, requestsPerSecond: 0.5 });
    const grantTimes: number[] = [];
    const acquirers = Array.from({ length: 4 }, () => limiter.acquire().then(() => grantTimes.push(clock.now())));
    await runUntil(clock, () => grantTimes.length === 4);
    await Promise.all(acquirers);

    const start = grantTimes[0] as number;
    assert.deepEqual(
      grantTimes.map((time) => time - start),
      [0, 2000, 4000, 6000],
    );
  });

  it('rejects rates above the provider limit', () => {
    for (const rate of [16, 0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new RateLimiter({ requestsPerSecond: rate }), { code: 'invalid_argument' }, String(rate));
    }
  });

  it('removes an aborted waiter', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, requestsPerSecond: 1 });
    await limiter.acquire();

    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const granted: string[] = [];
    const next = limiter.acquire().then(() => granted.push('next'));
    assert.equal(limiter.waiting, 2);

    controller.abort(new Error('stop waiting'));
    await assert.rejects(aborted, /stop waiting/);
    assert.equal(limiter.waiting, 1);

    await runUntil(clock, () => granted.length === 1);
    await next;
    assert.deepEqual(granted, ['next']);
  });

  it('rejects an already aborted signal', async () => {
    const limiter = new RateLimiter({ clock: new ManualClock() });
    await assert.rejects(limiter.acquire(AbortSignal.abort(new Error('gone'))), /gone/);
    assert.equal(limiter.waiting, 0);
  });

  it('holds requests during a pause', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const start = clock.now();
    limiter.pauseFor(5000);
    limiter.pauseFor(1000);

    let grantedAt: number | null = null;
    const pending = limiter.acquire().then(() => (grantedAt = clock.now()));
    await clock.advance(4999);
    assert.equal(grantedAt, null);
    await clock.advance(1);
    await pending;
    assert.equal(grantedAt, start + 5000);
  });

  it('shares one limiter per key', () => {
    const first = limiterForKey(keyFingerprint('registry-test-key-a'));
    const again = limiterForKey(keyFingerprint('registry-test-key-a'), { requestsPerSecond: 1 });
    const other = limiterForKey(keyFingerprint('registry-test-key-b'));
    assert.equal(first, again);
    assert.notEqual(first, other);
    assert.equal(again.requestsPerSecond, 15);
  });

  it('fingerprints without the key', () => {
    const fingerprint = keyFingerprint('sk-live-abcdef123456');
    assert.match(fingerprint, /^[0-9a-f]{16}$/);
    assert.equal(fingerprint, keyFingerprint('sk-live-abcdef123456'));
    assert.notEqual(fingerprint, keyFingerprint('sk-live-abcdef123457'));
  });
});

describe('RateLimiter with the client', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  it('pauses every request after a 429', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const client = newClient(harness.sim, { clock, limiter });
    const otherClient = newClient(harness.sim, { clock, limiter });
    harness.sim.injectFaults('balance', [{ kind: 'status', status: 429, retryAfter: '5' }]);

    const error = await expectAppError(client.getBalance());
    assert.equal(error.retryAfterMs, 5000);

    const requestsBefore = harness.sim.requests.length;
    let done = false;
    const lookup = otherClient.getGenerationTask(SEED_IDS.paperTask).then((generation) => {
      done = true;
      return generation;
    });
    await clock.advance(4999);
    assert.equal(done, false);
    assert.equal(harness.sim.requests.length, requestsBefore);

    await clock.advance(1);
    const generation = await lookup;
    assert.equal(generation.taskId, SEED_IDS.paperTask);
  });
});
