// ManualClock: simulated time for tests and benchmarks. Sleepers wake only when `advance` moves
// time past their deadline, in deadline order, so hours of polling run in milliseconds.
import type { Clock } from './clock.js';

interface Sleeper {
  wakeAt: number;
  order: number;
  resolve: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private nextOrder = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper: Sleeper = { wakeAt: this.current + Math.max(0, ms), order: this.nextOrder++, resolve };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((entry) => entry !== sleeper);
        reject(signal?.reason);
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Number of sleepers waiting; useful to wait until a scheduler has gone idle. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Deadline of the earliest sleeper, or null when none waits. */
  nextWakeAt(): number | null {
    let earliest: number | null = null;
    for (const sleeper of this.sleepers) if (earliest === null || sleeper.wakeAt < earliest) earliest = sleeper.wakeAt;
    return earliest;
  }

  /**
   * Moves time forward by `ms`, waking each due sleeper in deadline order and letting the
   * promise jobs it starts run before the next one wakes.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.sleepers
        .filter((sleeper) => sleeper.wakeAt <= target)
        .sort((a, b) => a.wakeAt - b.wakeAt || a.order - b.order)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((sleeper) => sleeper !== due);
      this.current = Math.max(this.current, due.wakeAt);
      due.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }
}

/** Lets pending promise callbacks and I/O-free continuations run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
