// Checks a separation's downloaded stems: completeness for its mode, matching durations, silence.
import type { SeparationMode } from '../../preload/contract.js';
import { expectedStemKeys, labelForKey } from './stem-keys.js';
import type { ExplainedStem } from './types.js';

/** Most difference between the durations of two stems of one separation, in seconds. */
export const DURATION_TOLERANCE_SECONDS = 0.05;

export interface CheckedStem {
  key: string;
  label: string;
  fileName: string;
  durationSeconds: number | null;
  nearSilent: boolean;
}

export interface StemCheckReport {
  /** False when a stem that the mode always delivers is missing without explanation. */
  ok: boolean;
  /** Promised keys that are neither present nor explained. */
  missingKeys: string[];
  /** Problems that make the separation incomplete (vocal mode's three stems). */
  errors: string[];
  /** Everything else worth showing: optional stems absent, durations apart, near-silent stems. */
  warnings: string[];
  nearSilentKeys: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Checks one separation's stems. In `vocal` mode the mix, vocals and instrumental must all be
 * present or explained, otherwise the report is not ok. In `instrumental` mode the provider
 * promises "up to twelve" stems, so an absent one is only a warning. Durations are compared with
 * the mix (`origin`) when it has one, otherwise with the median of all stems.
 */
export function checkSeparation(mode: SeparationMode, stems: readonly CheckedStem[], explained: readonly ExplainedStem[] = []): StemCheckReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  const present = new Set(stems.map((stem) => stem.key));
  const explainedKeys = new Map(explained.map((entry) => [entry.key, entry.reason]));

  const missingKeys = expectedStemKeys(mode).filter((key) => !present.has(key) && !explainedKeys.has(key));
  for (const key of missingKeys) {
    const text = `${labelForKey(key)} stem is missing from the ${mode} separation.`;
    if (mode === 'vocal') errors.push(text);
    else warnings.push(text);
  }
  for (const [key, reason] of explainedKeys) {
    if (!present.has(key)) warnings.push(`${labelForKey(key)} stem is absent: ${reason}`);
  }

  const timed = stems.filter((stem): stem is CheckedStem & { durationSeconds: number } => stem.durationSeconds !== null);
  const origin = timed.find((stem) => stem.key === 'origin');
  let reference: number | null = null;
  if (origin) reference = origin.durationSeconds;
  else if (timed.length > 0) reference = median(timed.map((stem) => stem.durationSeconds));
  if (reference !== null) {
    for (const stem of timed) {
      const difference = Math.abs(stem.durationSeconds - reference);
      if (difference > DURATION_TOLERANCE_SECONDS) {
        const against = origin ? 'the mix' : 'the other stems';
        warnings.push(
          `${stem.label} (${stem.fileName}) lasts ${stem.durationSeconds.toFixed(3)} s, ${Math.round(difference * 1000)} ms apart from ${against} (${reference.toFixed(3)} s).`,
        );
      }
    }
  }
  for (const stem of stems) {
    if (stem.durationSeconds === null) warnings.push(`${stem.label} (${stem.fileName}): duration could not be read.`);
  }

  const nearSilentKeys = stems.filter((stem) => stem.nearSilent).map((stem) => stem.key);
  for (const stem of stems) {
    if (stem.nearSilent) warnings.push(`${stem.label} (${stem.fileName}) is near-silent.`);
  }

  return { ok: errors.length === 0, missingKeys, errors, warnings, nearSilentKeys };
}
