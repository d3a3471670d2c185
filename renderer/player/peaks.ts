// Waveform peaks: the maximum absolute sample value per bucket, from 0 to 1, either resampled
// from the peaks main computes and caches, or filled in chunk by chunk as the player decodes a
// stem. Pure code, unit-tested in Node.
import type { WaveformDto } from '../../preload/contract.js';

/** Number of peak buckets per stem. The lane canvas scales them to its width. */
export const PEAK_BUCKETS = 1600;

/**
 * Raises `peaks` with the samples of one decoded chunk that starts at song sample `songStart`.
 * Bucket i covers song samples [i * length / buckets, (i + 1) * length / buckets).
 */
export function accumulatePeaks(
  peaks: Float32Array,
  channels: readonly Float32Array[],
  songStart: number,
  lengthSamples: number,
): void {
  const first = channels[0];
  if (!first || lengthSamples <= 0) return;
  const bucketCount = peaks.length;

  for (let i = 0; i < first.length; i++) {
    const songSample = songStart + i;
    if (songSample >= lengthSamples) break;
    let value = 0;
    for (const channel of channels) {
      const sample = Math.abs(channel[i] ?? 0);
      if (sample > value) value = sample;
    }
    const bucket = Math.floor((songSample * bucketCount) / lengthSamples);
    if (value > (peaks[bucket] ?? 0)) peaks[bucket] = value;
  }
}

/** Fraction of a slot below which a bucket edge counts as lying on a slot edge. */
const SLOT_EDGE_TOLERANCE = 1e-6;

/**
 * Resamples main's waveform of a stem (0–255 per slot of `1 / peaksPerSecond` seconds) into
 * `bucketCount` buckets over `lengthSeconds`, the timeline all lanes share. Bucket i contains the
 * maximum of the slots that overlap [i * length / buckets, (i + 1) * length / buckets) seconds.
 */
export function bucketsFromWaveform(waveform: WaveformDto, lengthSeconds: number, bucketCount = PEAK_BUCKETS): Float32Array {
  const buckets = new Float32Array(bucketCount);
  const slots = waveform.peaks;
  const rate = waveform.peaksPerSecond;
  if (slots.length === 0 || !(rate > 0) || !(lengthSeconds > 0)) return buckets;

  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const startSeconds = (bucket * lengthSeconds) / bucketCount;
    const endSeconds = ((bucket + 1) * lengthSeconds) / bucketCount;
    // The tolerance keeps rounding error at an exact slot edge from pulling in the neighbouring slot.
    const first = Math.floor(startSeconds * rate + SLOT_EDGE_TOLERANCE);
    // A bucket narrower than a slot still reads the slot it falls in.
    const last = Math.min(slots.length - 1, Math.max(first, Math.ceil(endSeconds * rate - SLOT_EDGE_TOLERANCE) - 1));
    let peak = 0;
    for (let slot = first; slot <= last; slot++) peak = Math.max(peak, slots[slot] ?? 0);
    buckets[bucket] = Math.min(1, peak / 255);
  }
  return buckets;
}
