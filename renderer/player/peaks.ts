// Waveform peaks: the maximum absolute sample value per bucket, filled in chunk by chunk as the
// player decodes a stem. Pure code, unit-tested in Node.

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
