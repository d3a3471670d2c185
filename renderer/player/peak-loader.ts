// Waveforms of the player's lanes. Each stem's peaks come from main, which computes them once per
// file and caches them on disk. Only where main has none (a format it cannot decode, an error)
// does the renderer decode the stem chunk by chunk in the background, one decode at a time so
// that playback decodes are not starved. Main's peaks come first because decoding a 12-stem,
// 4-minute stereo song here allocates and discards about 2 GB. Every chunk is decoded into one
// buffer and copied into another, at 4 bytes per sample: 12 × 240 s × 44,100 × 2 × 4 B, twice.
import type { WaveformDto } from '../../preload/contract.js';
import { accumulatePeaks, bucketsFromWaveform, PEAK_BUCKETS } from './peaks.js';
import type { StemSource } from './stem-source.js';

/** Returns main's waveform of a stem, or null when main has none. */
export type WaveformFetcher = (stemId: string) => Promise<WaveformDto | null>;

export interface PeakLoadOptions {
  stemIds: readonly string[];
  /** One per stem id; null for a stem that failed to load, which gets no waveform. */
  sources: readonly (StemSource | null)[];
  chunkSamples: number;
  /** Common timeline length, so that the lanes' peaks line up. */
  lengthSamples: number;
  sampleRate: number;
  fetchWaveform: WaveformFetcher | null;
  onProgress: (stemIndex: number, peaks: Float32Array) => void;
  isCancelled: () => boolean;
}

/** Loads every lane's peaks, from main where it can and by decoding otherwise; stops early when cancelled. */
export async function loadLanePeaks(options: PeakLoadOptions): Promise<void> {
  const { fetchWaveform } = options;
  const lengthSeconds = options.lengthSamples / options.sampleRate;
  const toDecode: (StemSource | null)[] = options.sources.map(() => null);

  await Promise.all(
    options.sources.map(async (source, stemIndex) => {
      const stemId = options.stemIds[stemIndex];
      if (!source || stemId === undefined) return;
      const waveform = fetchWaveform ? await fetchWaveform(stemId) : null;
      if (options.isCancelled()) return;
      if (waveform) options.onProgress(stemIndex, bucketsFromWaveform(waveform, lengthSeconds));
      else toDecode[stemIndex] = source;
    }),
  );
  await decodePeaks({ ...options, sources: toDecode });
}

/** Computes the peaks of every given stem in turn by decoding it. Decode failures leave gaps. */
async function decodePeaks(options: PeakLoadOptions): Promise<void> {
  const { sources, chunkSamples, lengthSamples } = options;

  for (const [stemIndex, source] of sources.entries()) {
    if (!source) continue;
    const peaks = new Float32Array(PEAK_BUCKETS);
    const chunkCount = Math.ceil(source.lengthSamples / chunkSamples);

    for (let chunkIndex = 0; chunkIndex < chunkCount; chunkIndex++) {
      if (options.isCancelled()) return;
      let buffer: AudioBuffer | null = null;
      try {
        buffer = await source.decodeChunk(chunkIndex, chunkSamples);
      } catch (error) {
        console.warn(`Waveform: decoding chunk ${chunkIndex} of stem ${options.stemIds[stemIndex] ?? stemIndex} failed`, error);
      }
      if (options.isCancelled()) return;
      if (!buffer) continue;

      const channels: Float32Array[] = [];
      for (let channel = 0; channel < buffer.numberOfChannels; channel++) channels.push(buffer.getChannelData(channel));
      accumulatePeaks(peaks, channels, chunkIndex * chunkSamples, lengthSamples);
      options.onProgress(stemIndex, peaks);
    }
  }
}
