// Mixer rules of the multi-stem player: how mute, solo and volume combine into each lane's gain.

export interface LaneMix {
  muted: boolean;
  solo: boolean;
  /** Linear gain from 0 to 1, set by the lane's volume slider. */
  volume: number;
}

/**
 * Computes each lane's gain. A muted lane is silent even when soloed. While any lane is soloed,
 * only soloed lanes sound.
 */
export function laneGains(lanes: readonly LaneMix[]): number[] {
  const anySolo = lanes.some((lane) => lane.solo);
  return lanes.map((lane) => {
    if (lane.muted) return 0;
    if (anySolo && !lane.solo) return 0;
    return Math.min(1, Math.max(0, lane.volume));
  });
}

/** Formats a linear gain as decibels for the volume slider's label, e.g. "-6.0 dB". */
export function formatGainDb(gain: number): string {
  if (gain <= 0) return '-∞ dB';
  const db = 20 * Math.log10(gain);
  return `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`;
}
