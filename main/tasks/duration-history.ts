// DurationHistory: how long earlier separations took from creation to completion, per mode, with
// the length of the song, kept in <dataDir>/poll-history.json so polling plans survive restarts
// and the removal of task records.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { SeparationMode } from '../../preload/contract.js';
import { getLogger } from '../log/logger.js';
import { writeFileAtomicSync } from './atomic-write.js';

const log = getLogger('duration-history');

/** Samples kept per mode; older ones are dropped, so the plan follows the provider's current speed. */
export const HISTORY_SIZE = 100;
export const HISTORY_FILE = 'poll-history.json';
/** Durations outside this range are measurement errors (clock skew, a task resumed days later), ms. */
const MIN_DURATION_MS = 1_000;
const MAX_DURATION_MS = 24 * 60 * 60 * 1000;

export interface DurationSample {
  /** Time from the provider's creation of the task to its completion, ms. */
  totalMs: number;
  /** Length of the separated song in seconds, when known. */
  songSeconds: number | null;
}

const sampleSchema = z.object({ totalMs: z.number(), songSeconds: z.number().nullable() });
const fileSchema = z.object({
  version: z.literal(1),
  vocal: z.array(sampleSchema),
  instrumental: z.array(sampleSchema),
});

export class DurationHistory {
  private readonly samplesByMode: Record<SeparationMode, DurationSample[]> = { vocal: [], instrumental: [] };
  private readonly versions: Record<SeparationMode, number> = { vocal: 0, instrumental: 0 };

  /** `file` null keeps the history in memory only (tests, benchmarks). */
  constructor(private readonly file: string | null = null) {}

  /**
   * Loads the history from `file`. Returns false when the file is missing, unreadable or
   * invalid; the caller then rebuilds it from the task records.
   */
  load(): boolean {
    if (this.file === null) return false;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err: error, file: this.file }, 'cannot read the duration history; rebuilding it');
      return false;
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch (error) {
      log.warn({ err: error, file: this.file }, 'the duration history is invalid; rebuilding it');
      return false;
    }
    for (const mode of ['vocal', 'instrumental'] as const) {
      for (const sample of parsed[mode].slice(-HISTORY_SIZE)) this.remember(mode, sample);
    }
    return true;
  }

  /** Adds a finished task's duration and writes the file; returns false for an implausible value. */
  add(mode: SeparationMode, sample: DurationSample): boolean {
    if (!this.remember(mode, sample)) return false;
    this.save();
    return true;
  }

  /** Adds several samples with one write, for rebuilding the history from task records. */
  addAll(entries: { mode: SeparationMode; sample: DurationSample }[]): void {
    for (const entry of entries) this.remember(entry.mode, entry.sample);
    this.save();
  }

  samples(mode: SeparationMode): readonly DurationSample[] {
    return this.samplesByMode[mode];
  }

  /** Counter that changes whenever a sample of `mode` is added; plan caches key on it. */
  version(mode: SeparationMode): number {
    return this.versions[mode];
  }

  /** Median duration of the mode in ms, or null before 3 tasks have finished. */
  typical(mode: SeparationMode): number | null {
    const sorted = this.samplesByMode[mode].map((sample) => sample.totalMs).sort((a, b) => a - b);
    if (sorted.length < 3) return null;
    return sorted[Math.floor(sorted.length / 2)] ?? null;
  }

  private remember(mode: SeparationMode, sample: DurationSample): boolean {
    const { totalMs, songSeconds } = sample;
    if (!Number.isFinite(totalMs) || totalMs < MIN_DURATION_MS || totalMs > MAX_DURATION_MS) return false;
    const length = songSeconds !== null && Number.isFinite(songSeconds) && songSeconds > 0 ? songSeconds : null;
    const list = this.samplesByMode[mode];
    list.push({ totalMs, songSeconds: length });
    if (list.length > HISTORY_SIZE) list.shift();
    this.versions[mode]++;
    return true;
  }

  private save(): void {
    if (this.file === null) return;
    const content = { version: 1, vocal: this.samplesByMode.vocal, instrumental: this.samplesByMode.instrumental };
    try {
      writeFileAtomicSync(this.file, `${JSON.stringify(content)}\n`, false);
    } catch (error) {
      // Losing the history only makes the next polls less well timed, so the app carries on.
      log.warn({ err: error, file: this.file }, 'could not save the duration history');
    }
  }
}
