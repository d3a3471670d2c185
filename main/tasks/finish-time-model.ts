// The finish-time model: the probability that a new separation is still unfinished t ms after
// its creation, estimated from the durations of earlier tasks of the same mode.
import type { DurationSample } from './duration-history.js';

/** Fewer finished tasks than this give no model; polling then uses the plain interval. */
export const MIN_SAMPLES = 3;
/** Smallest kernel width in natural-log units (about ±5 %), so a run of equal durations still spreads. */
const MIN_BANDWIDTH = 0.05;
/** Song-length scaling is used only when it removes at least this share of the spread. */
const SCALING_GAIN = 0.9;

export interface FinishTimeModel {
  /** `absolute`: durations as measured. `per-song-second`: durations divided by the song length. */
  kind: 'absolute' | 'per-song-second';
  /** Probability that the task is still unfinished `ms` after creation. */
  survival(ms: number): number;
}

/**
 * Fits the model for a task whose song lasts `songSeconds` (null when unknown). Processing time
 * may grow with the song's length. When the history shows that, because durations per song second
 * vary less than durations, the model scales by the song's length. Returns null without enough history.
 */
export function fitFinishTimeModel(samples: readonly DurationSample[], songSeconds: number | null): FinishTimeModel | null {
  if (samples.length < MIN_SAMPLES) return null;
  const absolute = logStats(samples.map((sample) => sample.totalMs));

  const scaled = samples.filter((sample): sample is { totalMs: number; songSeconds: number } => sample.songSeconds !== null);
  if (songSeconds !== null && songSeconds > 0 && scaled.length >= MIN_SAMPLES) {
    const perSecond = logStats(scaled.map((sample) => sample.totalMs / sample.songSeconds));
    if (perSecond.deviation < absolute.deviation * SCALING_GAIN) {
      return { kind: 'per-song-second', survival: (ms) => kernelSurvival(perSecond, ms / songSeconds) };
    }
  }
  return { kind: 'absolute', survival: (ms) => kernelSurvival(absolute, ms) };
}

interface LogStats {
  logs: number[];
  deviation: number;
  bandwidth: number;
}

/** Log-durations with their standard deviation and a kernel width by Silverman's rule of thumb. */
function logStats(values: number[]): LogStats {
  const logs = values.map((value) => Math.log(value));
  const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
  const variance = logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, logs.length - 1);
  const deviation = Math.sqrt(variance);
  return { logs, deviation, bandwidth: Math.max(MIN_BANDWIDTH, 1.06 * deviation * logs.length ** -0.2) };
}

/** Survival function of a log-normal kernel density estimate: a smoothed share of samples above `value`. */
function kernelSurvival(stats: LogStats, value: number): number {
  if (value <= 0) return 1;
  const x = Math.log(value);
  let sum = 0;
  for (const log of stats.logs) sum += upperNormalTail((x - log) / stats.bandwidth);
  return sum / stats.logs.length;
}

/** P(Z > z) for a standard normal Z, from the complementary error function. */
function upperNormalTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const polynomial =
    -z * z -
    1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(polynomial);
  return x >= 0 ? value : 2 - value;
}
