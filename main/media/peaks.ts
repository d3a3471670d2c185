// Waveform peaks of stored stems: computed once per file by decoding it, then cached on disk in
// the data folder under the file's sha256, so a song's lanes draw instantly the next time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { decodeMp3File } from '../library/audio-probe.js';
import { getLogger } from '../log/logger.js';

const log = getLogger('peaks');

/** Peak values per second of audio; 100 gives 10 ms resolution, enough for a lane at any zoom the player offers. */
export const PEAKS_PER_SECOND = 100;
const CACHE_VERSION = 1;

export interface Waveform {
  peaksPerSecond: number;
  durationSeconds: number;
  /** Highest absolute sample value per slot, over all channels, scaled to 0–255. */
  peaks: number[];
}

/** Collects the maximum magnitude per fixed slot of samples while the decoder streams. */
class PeakCollector {
  peaks: number[] = [];
  private slotSize = 0;
  private slotFill = 0;
  private slotMax = 0;
  samples = 0;
  sampleRate = 0;

  add(channels: Float32Array[], count: number, sampleRate: number): void {
    if (count === 0 || channels.length === 0) return;
    if (this.slotSize === 0) {
      this.sampleRate = sampleRate;
      this.slotSize = Math.max(1, Math.round(sampleRate / PEAKS_PER_SECOND));
    }
    for (let i = 0; i < count; i++) {
      for (const channel of channels) {
        const magnitude = Math.abs(channel[i] ?? 0);
        if (magnitude > this.slotMax) this.slotMax = magnitude;
      }
      if (++this.slotFill === this.slotSize) this.closeSlot();
    }
    this.samples += count;
  }

  closeSlot(): void {
    if (this.slotFill === 0) return;
    this.peaks.push(Math.min(255, Math.round(this.slotMax * 255)));
    this.slotFill = 0;
    this.slotMax = 0;
  }
}

/** Decodes an MP3 file and returns its peaks. */
export async function computeMp3Peaks(file: string): Promise<Waveform> {
  const collector = new PeakCollector();
  await decodeMp3File(file, (channels, count, sampleRate) => collector.add(channels, count, sampleRate));
  collector.closeSlot();
  if (collector.samples === 0) throw new AppError('bad_response', `${path.basename(file)} contains no MP3 audio that can be decoded.`);
  return { peaksPerSecond: PEAKS_PER_SECOND, durationSeconds: collector.samples / collector.sampleRate, peaks: collector.peaks };
}

/** Peaks per stem file, cached as JSON in `<dataDir>/peaks/<sha256>.json`; one decode per file at a time. */
export class PeaksCache {
  private readonly folder: string;
  private readonly inFlight = new Map<string, Promise<Waveform>>();

  constructor(dataDir: string) {
    this.folder = path.join(dataDir, 'peaks');
  }

  /** Returns the peaks of `file`, whose content hash is `sha256`, computing them on first use. */
  async get(file: string, sha256: string): Promise<Waveform> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('invalid_argument', `Invalid sha256 "${sha256.slice(0, 80)}" for ${path.basename(file)}.`);
    if (path.extname(file).toLowerCase() !== '.mp3') {
      throw new AppError('invalid_argument', `Waveforms are drawn for MP3 stems only; ${path.basename(file)} is not one.`);
    }
    const cacheFile = path.join(this.folder, `${sha256}.json`);
    const cached = await this.read(cacheFile);
    if (cached) return cached;

    let pending = this.inFlight.get(sha256);
    if (!pending) {
      pending = this.compute(file, cacheFile).finally(() => this.inFlight.delete(sha256));
      this.inFlight.set(sha256, pending);
    }
    return pending;
  }

  private async read(cacheFile: string): Promise<Waveform | null> {
    try {
      const parsed = JSON.parse(await readFile(cacheFile, 'utf8')) as Waveform & { version?: number };
      if (parsed.version !== CACHE_VERSION || !Array.isArray(parsed.peaks)) return null;
      return { peaksPerSecond: parsed.peaksPerSecond, durationSeconds: parsed.durationSeconds, peaks: parsed.peaks };
    } catch {
      return null;
    }
  }

  private async compute(file: string, cacheFile: string): Promise<Waveform> {
    const waveform = await computeMp3Peaks(file);
    try {
      await mkdir(this.folder, { recursive: true });
      await writeFile(`${cacheFile}.tmp`, JSON.stringify({ version: CACHE_VERSION, ...waveform }));
      await rename(`${cacheFile}.tmp`, cacheFile);
    } catch (error) {
      log.warn({ err: error, file: path.basename(file) }, 'could not cache waveform peaks; they will be computed again next time');
    }
    return waveform;
  }
}
