// Background waveform loading: decodes each stem chunk by chunk, one decode at a time so that
// playback decodes are not starved, and fills its peak buckets as it goes.
import { accumulatePeaks, PEAK_BUCKETS } from './peaks.js';
import type { StemSource } from './stem-source.js';

export interface PeakLoadOptions {
  sources: readonly (StemSource | null)[];
  chunkSamples: number;
  /** Common timeline length, so that the lanes' peaks line up. */
  lengthSamples: number;
  onProgress: (stemIndex: number, peaks: Float32Array) => void;
  isCancelled: () => boolean;
}

/** Computes the peaks of every stem in turn and stops early when cancelled. Decode failures leave gaps. */
export async function loadPeaks(options: PeakLoadOptions): Promise<void> {
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
        console.warn(`Waveform: decoding chunk ${chunkIndex} of stem ${stemIndex} failed`, error);
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
