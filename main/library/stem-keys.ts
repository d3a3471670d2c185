// The stems each separation mode promises, their labels, and the way back from a file name to a key.
import type { SeparationMode } from '../../preload/contract.js';

/** Stems of a `vocal` separation, in the order the provider lists them. */
export const VOCAL_MODE_KEYS = ['origin', 'vocal', 'instrumental'] as const;

/** Stems of an `instrumental` separation: the mix plus up to twelve parts. */
export const INSTRUMENTAL_MODE_KEYS = [
  'origin',
  'vocal',
  'backing_vocals',
  'drums',
  'bass',
  'guitar',
  'keyboard',
  'percussion',
  'strings',
  'synth',
  'fx',
  'brass',
  'woodwinds',
] as const;

/** Keys both modes produce; in `instrumental` mode their names get {@link TWELVE_STEM_SUFFIX}. */
export const KEYS_IN_BOTH_MODES: ReadonlySet<string> = new Set(['origin', 'vocal']);

export const TWELVE_STEM_SUFFIX = ' (12-stem)';

const DEFAULT_LABELS: Record<string, string> = {
  origin: 'Origin',
  vocal: 'Vocals',
  instrumental: 'Instrumental',
  backing_vocals: 'Backing Vocals',
  drums: 'Drums',
  bass: 'Bass',
  guitar: 'Guitar',
  keyboard: 'Keyboard',
  percussion: 'Percussion',
  strings: 'Strings',
  synth: 'Synth',
  fx: 'FX',
  brass: 'Brass',
  woodwinds: 'Woodwinds',
};

/** Extra spellings accepted when a hand-made folder's file names are read back into keys. */
const LABEL_ALIASES: Record<string, string> = {
  original: 'origin',
  mix: 'origin',
  vocals: 'vocal',
  voice: 'vocal',
  'lead vocals': 'vocal',
  'backing vocal': 'backing_vocals',
  keys: 'keyboard',
  keyboards: 'keyboard',
  piano: 'keyboard',
  synths: 'synth',
  effects: 'fx',
  sfx: 'fx',
  guitars: 'guitar',
  woodwind: 'woodwinds',
  instrumentals: 'instrumental',
};

export function expectedStemKeys(mode: SeparationMode): readonly string[] {
  return mode === 'vocal' ? VOCAL_MODE_KEYS : INSTRUMENTAL_MODE_KEYS;
}

/** Returns the default label of a key, or a title-cased form of an unknown key (`lead_synth` → `Lead Synth`). */
export function labelForKey(key: string): string {
  const known = DEFAULT_LABELS[key];
  if (known !== undefined) return known;
  return key
    .split(/[_\s-]+/u)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Returns the label used in file names: the stem's label plus ` (12-stem)` for the mix and vocals of a 12-stem separation. */
export function stemNameLabel(stem: { key: string; label: string; mode: SeparationMode }): string {
  const label = stem.label.trim() === '' ? labelForKey(stem.key) : stem.label.trim();
  return stem.mode === 'instrumental' && KEYS_IN_BOTH_MODES.has(stem.key) ? `${label}${TWELVE_STEM_SUFFIX}` : label;
}

export interface ParsedStemName {
  key: string;
  label: string;
  mode: SeparationMode;
}

/**
 * Reads a stem's key, label and mode back from the label part of a file name (`Drums`,
 * `Vocals (12-stem)`, `Drums (2)`). An imported file whose label names no stem of the
 * `instrumental` mode is recorded as `vocal` mode, because the mode type has no "unknown" value.
 */
export function parseStemLabel(rawLabel: string): ParsedStemName {
  let label = rawLabel.trim();
  let twelveStem = false;
  if (label.toLowerCase().endsWith(TWELVE_STEM_SUFFIX.toLowerCase())) {
    twelveStem = true;
    label = label.slice(0, -TWELVE_STEM_SUFFIX.length).trim();
  }
  const withoutCounter = label.replace(/ \(\d+\)$/u, '');
  const spoken = withoutCounter.toLowerCase().replace(/[_-]+/gu, ' ').replace(/\s+/gu, ' ').trim();
  const key =
    LABEL_ALIASES[spoken] ??
    Object.keys(DEFAULT_LABELS).find((candidate) => DEFAULT_LABELS[candidate]?.toLowerCase() === spoken) ??
    (spoken.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/gu, '') || 'audio');
  const instrumentalOnly = (INSTRUMENTAL_MODE_KEYS as readonly string[]).includes(key) && !KEYS_IN_BOTH_MODES.has(key);
  const mode: SeparationMode = twelveStem || instrumentalOnly ? 'instrumental' : 'vocal';
  return { key, label: label === '' ? labelForKey(key) : label, mode };
}
