// The request rate limiter shared by every crun.ai request made with one API key.
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { systemClock, type Clock } from '../util/clock.js';

/** The provider's documented limit: 15 requests per second per account. */
export const MAX_REQUESTS_PER_SECOND = 15;

/** Upper bound of one `pauseFor`, so a bogus Retry-After cannot stop every request for hours. */
const MAX_PAUSE_MS = 10 * 60 * 1000;

const log = getLogger('api-rate-limiter');

export interface RateLimiterOptions {
  /**
   * Requests per second, at most 15 (the default). Rates above 1 are rounded down to a whole
   * number, and a rate below 1 allows one request every 1/rate seconds.
   */
  requestsPerSecond?: number;
  clock?: Clock;
}

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Wake {
  at: number;
  controller: AbortController;
}

/**
 * A token bucket of `capacity` tokens in which each token comes back exactly `windowMs` after it
 * was spent. Unlike a bucket refilled continuously, this never grants more than `capacity`
 * requests in any window of `windowMs`, however the requests are spread. Waiters are served in
 * arrival order.
 */
export class RateLimiter {
  readonly requestsPerSecond: number;
  private readonly capacity: number;
  private readonly windowMs: number;
  private readonly clock: Clock;
  /** Grant times (clock milliseconds) still inside the window, oldest first. */
  private readonly grantTimes: number[] = [];
  private readonly queue: Waiter[] = [];
  private pausedUntil = 0;
  private wake: Wake | null = null;

  constructor(options: RateLimiterOptions = {}) {
    const rate = options.requestsPerSecond ?? MAX_REQUESTS_PER_SECOND;
    if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_REQUESTS_PER_SECOND) {
      throw new AppError(
        'invalid_argument',
        `The request rate ${rate} per second is invalid. Use a number above 0 and at most ${MAX_REQUESTS_PER_SECOND}, crun.ai's limit per account.`,
      );
    }
    this.requestsPerSecond = rate;
    this.capacity = rate >= 1 ? Math.floor(rate) : 1;
    this.windowMs = rate >= 1 ? 1000 : 1000 / rate;
    this.clock = options.clock ?? systemClock;
  }

  /** Number of callers waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Resolves when the caller may send one request. Rejects with the signal's reason when the
   * signal aborts first, and the aborted caller gives up its place in the queue.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as unknown);

    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index !== -1) this.queue.splice(index, 1);
          reject(signal.reason);
          this.pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * Holds every waiting and future request for `ms` milliseconds (at most 10 minutes), for
   * example after the provider answered 429 with a Retry-After. A shorter pause never ends a
   * longer one early.
   */
  pauseFor(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) return;
    const until = this.clock.now() + Math.min(ms, MAX_PAUSE_MS);
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    log.info({ pauseMs: until - this.clock.now(), waiting: this.queue.length }, 'Pausing crun.ai requests after a rate limit response');
    this.pump();
  }

  /** Grants as many waiters as the window and any pause allow, then plans the next wake-up. */
  private pump(): void {
    const now = this.clock.now();
    while (this.grantTimes.length > 0 && (this.grantTimes[0] as number) + this.windowMs <= now) this.grantTimes.shift();

    while (this.queue.length > 0 && now >= this.pausedUntil && this.grantTimes.length < this.capacity) {
      const waiter = this.queue.shift() as Waiter;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.grantTimes.push(now);
      waiter.resolve();
    }

    if (this.queue.length === 0) {
      this.cancelWake();
      return;
    }
    const slotFreeAt = this.grantTimes.length < this.capacity ? now : (this.grantTimes[0] as number) + this.windowMs;
    this.scheduleWake(Math.max(slotFreeAt, this.pausedUntil));
  }

  private scheduleWake(at: number): void {
    if (this.wake?.at === at) return;
    this.cancelWake();

    const controller = new AbortController();
    const wake: Wake = { at, controller };
    this.wake = wake;
    this.clock.sleep(at - this.clock.now(), controller.signal).then(
      () => {
        if (this.wake !== wake) return;
        this.wake = null;
        this.pump();
      },
      () => {
        // Cancelled because a newer wake-up replaced this one or the queue emptied.
      },
    );
  }

  private cancelWake(): void {
    this.wake?.controller.abort();
    this.wake = null;
  }
}

const limitersByKey = new Map<string, RateLimiter>();

/**
 * Returns the one limiter for an API key, creating it on first use, so every client built for
 * the same key shares it. `fingerprint` comes from `keyFingerprint`, never the key itself.
 * NOTE: the options of the first call create the limiter; later calls get it unchanged.
 */
export function limiterForKey(fingerprint: string, options: RateLimiterOptions = {}): RateLimiter {
  let limiter = limitersByKey.get(fingerprint);
  if (!limiter) {
    limiter = new RateLimiter(options);
    limitersByKey.set(fingerprint, limiter);
  }
  return limiter;
}
