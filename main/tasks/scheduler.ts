// PollScheduler: one loop that starts each task's query when it is due, with a bounded number of
// queries in flight. The rate limiter inside the client paces the requests themselves. The loop
// also stops every query while the API key is rejected, pauses them all after a rate limit or
// maintenance response, and sends one query at a time while the network is down.
import type { Clock } from '../util/clock.js';
import { getLogger } from '../log/logger.js';

const log = getLogger('poll-scheduler');

export type PollJob = (recordId: string) => Promise<void>;

/** Maximum queries in flight at once. The limiter allows 15 per second, and a response usually takes well under a second. */
const DEFAULT_MAX_IN_FLIGHT = 16;
/** Wait when nothing is scheduled; any schedule() call wakes the loop earlier, ms. */
const IDLE_WAIT_MS = 60 * 60_000;

export class PollScheduler {
  private readonly due = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private wake = new AbortController();
  private running = false;
  private loop: Promise<void> | null = null;
  /** No query starts before this clock time, ms (rate limit, maintenance, lost network). */
  private pausedUntil = 0;
  private held = false;
  private offline = false;

  constructor(
    private readonly clock: Clock,
    private readonly job: PollJob,
    private readonly maxInFlight = DEFAULT_MAX_IN_FLIGHT,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops starting queries and waits for the loop to end; queries in flight finish on their own. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.abort();
    await this.loop;
    this.loop = null;
  }

  /** Plans (or moves) the next query of a task. */
  schedule(recordId: string, at: number): void {
    this.due.set(recordId, at);
    this.poke();
  }

  unschedule(recordId: string): void {
    this.due.delete(recordId);
  }

  /** True while the task has a query planned or in flight. */
  isTracked(recordId: string): boolean {
    return this.due.has(recordId) || this.inFlight.has(recordId);
  }

  /** Delays every query until clock time `until`; a shorter pause never ends a longer one early. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Holds all queries until `release` (used while the API key is rejected). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.poke();
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Pauses all queries until `retryAt`, then lets one query at a time through as a probe. */
  markOffline(retryAt: number): void {
    if (!this.offline) log.info({ retryAt }, 'network unreachable; pausing queries');
    this.offline = true;
    this.pauseUntil(retryAt);
  }

  /** Ends the offline mode after any response from the API. */
  markOnline(): void {
    if (!this.offline) return;
    this.offline = false;
    this.pausedUntil = Math.min(this.pausedUntil, this.clock.now());
    log.info('network reachable again; resuming queries');
    this.poke();
  }

  get isOffline(): boolean {
    return this.offline;
  }

  /** Tasks with a query planned or in flight. */
  get activeCount(): number {
    let count = this.due.size;
    for (const id of this.inFlight) if (!this.due.has(id)) count++;
    return count;
  }

  private poke(): void {
    this.wake.abort();
  }

  private nextDue(): { id: string; at: number } | null {
    let best: { id: string; at: number } | null = null;
    for (const [id, at] of this.due) {
      if (this.inFlight.has(id)) continue;
      if (best === null || at < best.at) best = { id, at };
    }
    return best;
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.wake.signal.aborted) this.wake = new AbortController();
      const slots = this.offline ? 1 : this.maxInFlight;
      const next = this.held || this.inFlight.size >= slots ? null : this.nextDue();
      const now = this.clock.now();
      const startAt = next === null ? null : Math.max(next.at, this.pausedUntil);

      if (next === null || startAt === null || startAt > now) {
        const waitMs = startAt === null ? IDLE_WAIT_MS : startAt - now;
        try {
          await this.clock.sleep(waitMs, this.wake.signal);
        } catch {
          // Woken early by a new schedule, a finished query or stop().
        }
        continue;
      }

      this.due.delete(next.id);
      this.inFlight.add(next.id);
      void this.job(next.id)
        .catch((error: unknown) => log.error({ err: error, recordId: next.id }, 'poll job failed unexpectedly'))
        .finally(() => {
          this.inFlight.delete(next.id);
          this.poke();
        });
    }
  }
}
