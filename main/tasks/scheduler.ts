// PollScheduler: one loop that wakes when the earliest task is due and runs its query, with a
// bounded number of queries in flight. The rate limiter inside the client paces the requests.
import type { Clock } from '../util/clock.js';
import { getLogger } from '../log/logger.js';

const log = getLogger('poll-scheduler');

export type PollJob = (recordId: string) => Promise<void>;

export class PollScheduler {
  private readonly due = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private wake = new AbortController();
  private running = false;
  private loop: Promise<void> | null = null;
  /** No query starts before this time (global pause for 429 and lost network), ms. */
  private pausedUntil = 0;
  private held = false;

  constructor(
    private readonly clock: Clock,
    private readonly job: PollJob,
    private readonly maxInFlight = 16,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

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

  /** Delays every query until `until`, for a 429 or a lost network. */
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

  get scheduledCount(): number {
    return this.due.size;
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
      const next = this.held || this.inFlight.size >= this.maxInFlight ? null : this.nextDue();
      const now = this.clock.now();
      const startAt = next === null ? null : Math.max(next.at, this.pausedUntil);

      if (next === null || startAt === null || startAt > now) {
        const waitMs = startAt === null ? 60 * 60_000 : startAt - now;
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
