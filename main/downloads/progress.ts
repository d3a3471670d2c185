// ProgressMeter: turns per-chunk byte counts into throttled progress reports with a smoothed
// transfer rate, so a fast download does not flood the renderer with events.
import type { DownloadProgress } from './types.js';

/** Minimum time between two reports of one download, in ms (at most 10 reports per second). */
export const PROGRESS_INTERVAL_MS = 100;
/** Time constant of the exponential moving average of the rate, in ms. */
const RATE_TIME_CONSTANT_MS = 2000;

export class ProgressMeter {
  private bytes = 0;
  private totalBytes: number | null = null;
  private lastReportAt: number | null = null;
  private lastReportBytes = 0;
  private bytesPerSecond = 0;

  constructor(
    private readonly report: ((progress: DownloadProgress) => void) | undefined,
    private readonly now: () => number,
  ) {}

  /**
   * Starts a response body. `bytes` is what the .part already holds, so the rate counts only
   * bytes moved in this session.
   */
  start(bytes: number, totalBytes: number | null): void {
    this.bytes = bytes;
    this.totalBytes = totalBytes;
    this.lastReportBytes = bytes;
    this.lastReportAt = this.now();
    this.emit();
  }

  /** Records `chunkBytes` more bytes and reports when the interval has passed since the last report. */
  add(chunkBytes: number): void {
    this.bytes += chunkBytes;
    const now = this.now();
    if (this.lastReportAt !== null && now - this.lastReportAt < PROGRESS_INTERVAL_MS) return;
    this.updateRate(now);
    this.emit();
  }

  /** Reports the final count once the body is complete, whatever the interval. */
  finish(): void {
    this.updateRate(this.now());
    this.emit();
  }

  private updateRate(now: number): void {
    const elapsedMs = now - (this.lastReportAt ?? now);
    if (elapsedMs > 0) {
      const instantRate = ((this.bytes - this.lastReportBytes) * 1000) / elapsedMs;
      // Weighting by elapsed time keeps the average independent of how often chunks arrive.
      const weight = 1 - Math.exp(-elapsedMs / RATE_TIME_CONSTANT_MS);
      this.bytesPerSecond = this.bytesPerSecond === 0 ? instantRate : this.bytesPerSecond + weight * (instantRate - this.bytesPerSecond);
    }
    this.lastReportAt = now;
    this.lastReportBytes = this.bytes;
  }

  private emit(): void {
    this.report?.({ bytes: this.bytes, totalBytes: this.totalBytes, bytesPerSecond: Math.round(this.bytesPerSecond) });
  }
}
