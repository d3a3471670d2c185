// Running the engine against the simulator in simulated time. Time moves only when every HTTP
// exchange has ended, so each request reaches the simulator at the clock time it was sent at.
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { setTimeout as sleepReal } from 'node:timers/promises';
import { RateLimiter, type RateLimiterOptions } from '../../../main/api/rate-limiter.js';
import { flushMicrotasks, type ManualClock } from '../../../main/util/manual-clock.js';

/** A rate limiter that counts its grants; each grant is followed by exactly one API request. */
export class CountingRateLimiter extends RateLimiter {
  granted = 0;

  constructor(options: RateLimiterOptions) {
    super(options);
  }

  override async acquire(signal?: AbortSignal): Promise<void> {
    await super.acquire(signal);
    this.granted++;
  }
}

/** HTTP client exchanges of this process (API and downloads alike), from Node's diagnostics channels. */
export class HttpActivity {
  /** API requests started; compared with the limiters' grants. */
  apiStarted = 0;
  private readonly open = new Set<ClientRequest>();
  private readonly onStart = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    this.open.add(request);
    if (request.path.startsWith('/api/')) this.apiStarted++;
  };
  private readonly onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    // NOTE: the downloader acts on the status of a failed download and leaves its body unread,
    // so such a response never closes. The exchange counts as ended when its headers arrive.
    if (!request.path.startsWith('/api/') && (response.statusCode ?? 0) >= 300) {
      this.open.delete(request);
      return;
    }
    // The channel fires when the headers arrive; the exchange ends when the body is consumed.
    response.once('close', () => this.open.delete(request));
    response.once('end', () => this.open.delete(request));
  };
  private readonly onError = (message: unknown): void => {
    this.open.delete((message as { request: ClientRequest }).request);
  };

  constructor() {
    diagnostics.subscribe('http.client.request.start', this.onStart);
    diagnostics.subscribe('http.client.response.finish', this.onResponse);
    diagnostics.subscribe('http.client.request.error', this.onError);
  }

  get inFlight(): number {
    return this.open.size;
  }

  /** Method and path of the exchanges still open, for error messages. */
  describeOpen(): string {
    return [...this.open].map((request) => `${request.method} ${request.path}`).join(', ');
  }

  dispose(): void {
    diagnostics.unsubscribe('http.client.request.start', this.onStart);
    diagnostics.unsubscribe('http.client.response.finish', this.onResponse);
    diagnostics.unsubscribe('http.client.request.error', this.onError);
  }
}

export interface SimulatedTime {
  clock: ManualClock;
  activity: HttpActivity;
  limiters: CountingRateLimiter[];
}

/** Maximum real time one settle may take before the run counts as stuck, ms. */
const SETTLE_TIMEOUT_MS = 10_000;

/**
 * Waits in real time until every granted API request has been sent and every HTTP exchange has
 * ended, and the continuations they started have run.
 */
export async function settle(time: SimulatedTime): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let quietRounds = 0;
  while (quietRounds < 2) {
    await flushMicrotasks();
    const granted = time.limiters.reduce((sum, limiter) => sum + limiter.granted, 0);
    if (time.activity.apiStarted >= granted && time.activity.inFlight === 0) {
      quietRounds++;
      continue;
    }
    quietRounds = 0;
    if (Date.now() > deadline) {
      throw new Error(`settle: still busy after ${SETTLE_TIMEOUT_MS} ms (granted ${granted}, API requests started ${time.activity.apiStarted}, open: ${time.activity.describeOpen()})`);
    }
    // Yielding with setImmediate lets socket callbacks run without a timer's minimum delay.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Moves simulated time forward by `ms`, one sleeper deadline at a time, settling in between. */
export async function runFor(time: SimulatedTime, ms: number): Promise<void> {
  const end = time.clock.now() + ms;
  await settle(time);
  for (;;) {
    const next = time.clock.nextWakeAt();
    if (next === null || next > end) break;
    await time.clock.advance(Math.max(0, next - time.clock.now()));
    await settle(time);
  }
  await time.clock.advance(end - time.clock.now());
  await settle(time);
}

/**
 * Runs simulated time forward until `done()` returns true, checking after every step; throws after
 * `limitMs`. `realPauseMs` adds a real-time pause before each step, for work that settle() cannot
 * see, such as keychain calls over D-Bus.
 */
export async function runUntil(time: SimulatedTime, done: () => boolean, limitMs: number, realPauseMs = 0): Promise<void> {
  const end = time.clock.now() + limitMs;
  const realDeadline = Date.now() + SETTLE_TIMEOUT_MS;
  await settle(time);
  while (!done()) {
    if (realPauseMs > 0) {
      await sleepReal(realPauseMs);
      await settle(time);
      if (done()) return;
    }
    const next = time.clock.nextWakeAt();
    if (next === null || next > end) {
      // Work that settle() cannot see may still be running; give it real time before failing.
      if (realPauseMs > 0 && Date.now() < realDeadline) continue;
      throw new Error(`runUntil: the condition did not hold within ${limitMs} ms of simulated time`);
    }
    await time.clock.advance(Math.max(0, next - time.clock.now()));
    await settle(time);
  }
}

/** Largest number of requests in any window [t, t + windowMs) of the given times. */
export function peakInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** Mulberry32: a small seeded generator in [0, 1), so runs repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
