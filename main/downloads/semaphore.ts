// Semaphore: limits how many downloads run at once. The limit can change while downloads run, and
// waiters are served in arrival order.
import { AppError } from '../errors.js';

interface Waiter {
  grant: () => void;
}

export class Semaphore {
  private limit: number;
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(limit: number) {
    this.limit = checkLimit(limit);
  }

  get maxParallel(): number {
    return this.limit;
  }

  /** Number of holders that have acquired a slot and not yet released it. */
  get inUse(): number {
    return this.active;
  }

  /** Number of callers waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Changes the limit. Raising it starts waiters at once. Lowering it never interrupts running
   * holders, so new holders start only once the count has fallen below the new limit.
   */
  setLimit(limit: number): void {
    this.limit = checkLimit(limit);
    this.grantWhileFree();
  }

  /**
   * Waits for a free slot and returns the function that releases it (safe to call more than once).
   * Rejects with the signal's reason when the signal aborts before a slot is free.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);

    return new Promise<() => void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason as Error);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active += 1;
          resolve(this.releaseOnce());
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.grantWhileFree();
    });
  }

  private releaseOnce(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.grantWhileFree();
    };
  }

  private grantWhileFree(): void {
    while (this.active < this.limit) {
      const next = this.waiters.shift();
      if (!next) return;
      next.grant();
    }
  }
}

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new AppError('invalid_argument', `Invalid number of parallel downloads: ${limit}. Use a whole number of 1 or more.`);
  }
  return limit;
}
