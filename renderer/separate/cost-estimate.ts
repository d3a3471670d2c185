// The cost shown before a submission. The API has no price lookup, so the estimate is what the most
// recent charged task of the same mode cost, times the number of songs. Pure functions.
import type { SeparationMode, TaskDto } from '../../preload/contract.js';
import { formatCreditsWithUnit, plural } from '../format/numbers.js';

export interface CostEstimate {
  /** Credits the most recent charged task of the mode cost, or null before any was charged. */
  perSong: number | null;
  /** perSong times the number of songs, or null when perSong is unknown. */
  total: number | null;
}

export function estimateCost(tasks: readonly TaskDto[], mode: SeparationMode, songCount: number): CostEstimate {
  let latest: TaskDto | null = null;
  for (const task of tasks) {
    if (task.mode !== mode || task.credits === null) continue;
    if (latest === null || (task.completedAt ?? task.updatedAt) > (latest.completedAt ?? latest.updatedAt)) latest = task;
  }
  const perSong = latest?.credits ?? null;
  return { perSong, total: perSong === null ? null : perSong * songCount };
}

/** Describes the estimate in one sentence, and whether the balance may fall short of it. With no song chosen it gives the cost per song. */
export function describeCost(estimate: CostEstimate, mode: SeparationMode, songCount: number, balance: number | null): { text: string; shortfall: boolean } {
  if (estimate.perSong === null || estimate.total === null) {
    return {
      text: `The cost is known once your first ${mode} separation has finished: crun.ai reports the charge then, and the queue shows it.`,
      shortfall: false,
    };
  }
  const basis = `your last ${mode} separation cost ${formatCreditsWithUnit(estimate.perSong)}`;
  if (songCount === 0) return { text: `Estimated cost: about ${formatCreditsWithUnit(estimate.perSong)} per song (${basis}).`, shortfall: false };
  const text = `Estimated cost: about ${formatCreditsWithUnit(estimate.total)} for ${plural(songCount, 'song')} (${basis}).`;
  return { text, shortfall: balance !== null && estimate.total > balance };
}
