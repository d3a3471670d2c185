// The stored forms of a stem record in the persisted index. Most stems repeat what their key and
// the song's separations already give, so their short form leaves those fields out: 130,000
// stems then parse in less time, and the decoded records share those strings.
import { isPlainName } from './sanitize.js';
import { labelForKey } from './stem-keys.js';
import type { SeparationRecord, StemRecord } from './types.js';

/** Stem fields in the order of the full array form. A stem with exactly these fields is stored as an array. */
const STEM_FIELDS = ['key', 'sourceKey', 'label', 'mode', 'taskId', 'fileName', 'bytes', 'sha256', 'durationSeconds', 'nearSilent'] as const;

/**
 * Length of the short form `[key, fileName, bytes, sha256, durationSeconds, nearSilent, separation]`.
 * `separation` is the position of the separation whose task id and mode the stem has, `sourceKey`
 * is `${key}_url` and `label` is `labelForKey(key)`.
 */
const SHORT_FORM_LENGTH = 7;

interface KeyNames {
  sourceKey: string;
  label: string;
}

/** Source key and label per stem key, so decoded stems share one copy of each string. */
const namesByKey = new Map<string, KeyNames>();

/** Keys cached at most; hand-named files can bring any number of unknown keys. */
const MAX_CACHED_KEYS = 256;

function namesOfKey(key: string): KeyNames {
  let names = namesByKey.get(key);
  if (!names) {
    names = { sourceKey: `${key}_url`, label: labelForKey(key) };
    if (namesByKey.size < MAX_CACHED_KEYS) namesByKey.set(key, names);
  }
  return names;
}

/**
 * Returns the short form of a stem when its key and `separations` give the omitted fields, else
 * the full array form, or the record itself when it has other fields than a StemRecord.
 */
export function encodeStem(stem: StemRecord, separations: readonly SeparationRecord[]): unknown {
  const keys = Object.keys(stem);
  if (keys.length !== STEM_FIELDS.length || !STEM_FIELDS.every((field) => field in stem)) return stem;
  const names = namesOfKey(stem.key);
  if (stem.sourceKey === names.sourceKey && stem.label === names.label) {
    const separation = separations.findIndex((candidate) => candidate.taskId === stem.taskId && candidate.mode === stem.mode);
    if (separation !== -1) return [stem.key, stem.fileName, stem.bytes, stem.sha256, stem.durationSeconds, stem.nearSilent, separation];
  }
  return STEM_FIELDS.map((field) => stem[field]);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isMode = (value: unknown): boolean => value === 'vocal' || value === 'instrumental';

/** Returns the literal for a valid mode in place of the parsed copy, one string fewer per stem to keep. */
function sharedMode(mode: unknown): unknown {
  if (mode === 'vocal') return 'vocal';
  if (mode === 'instrumental') return 'instrumental';
  return mode;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Turns a stored stem (any of the three forms) back into a record. Returns null when a field has
 * the wrong type, or when the short form names a separation that `separations` lacks, which the
 * caller must have validated.
 */
export function decodeStem(value: unknown, separations: readonly SeparationRecord[]): StemRecord | null {
  let stem: Record<string, unknown>;
  if (Array.isArray(value) && value.length === SHORT_FORM_LENGTH) {
    const [key, fileName, bytes, sha256, durationSeconds, nearSilent, position] = value as unknown[];
    if (!isString(key) || typeof position !== 'number') return null;
    const separation = separations[position];
    if (separation === undefined) return null;
    const { sourceKey, label } = namesOfKey(key);
    // A literal in STEM_FIELDS order gives every stem one object shape.
    stem = { key, sourceKey, label, mode: separation.mode, taskId: separation.taskId, fileName, bytes, sha256, durationSeconds, nearSilent };
  } else if (Array.isArray(value) && value.length === STEM_FIELDS.length) {
    const [key, sourceKey, label, mode, taskId, fileName, bytes, sha256, durationSeconds, nearSilent] = value as unknown[];
    stem = { key, sourceKey, label, mode: sharedMode(mode), taskId, fileName, bytes, sha256, durationSeconds, nearSilent };
  } else if (isObject(value)) {
    stem = value;
  } else {
    return null;
  }
  const valid =
    isString(stem.key) && isString(stem.sourceKey) && isString(stem.label) && isMode(stem.mode) && isString(stem.taskId) &&
    isString(stem.fileName) && isPlainName(stem.fileName) && isFiniteNumber(stem.bytes) && isString(stem.sha256) &&
    (stem.durationSeconds === null || isFiniteNumber(stem.durationSeconds)) && typeof stem.nearSilent === 'boolean';
  return valid ? (stem as unknown as StemRecord) : null;
}
