// The line format of the persisted library index: a header line, then one JSON line per song
// folder or removed folder. Lines are pure ASCII (other characters are \u-escaped), so a reader
// can decode the file as latin1, several times faster than UTF-8 for tens of megabytes.
import { SONG_ID_PATTERN } from './manifest.js';
import { isPlainName } from './sanitize.js';
import type { FolderStamp } from './scan.js';
import type { Manifest, StemRecord } from './types.js';

export const INDEX_FORMAT = 'stemcrate-library-index';

/**
 * Version of the line format. Raise it whenever the lines, the manifest shape or the search words
 * (`searchWords` in search.ts) change, so older index files are ignored and rebuilt.
 */
export const INDEX_FORMAT_VERSION = 1;

export interface IndexHeader {
  format: string;
  version: number;
  /** Real path of the library folder the index describes. */
  root: string;
  /** Words that folder lines refer to by position in `wordIds`. */
  vocabulary: string[];
}

export interface FolderLine {
  kind: 'folder';
  folderName: string;
  stamp: FolderStamp;
  bytes: number;
  readOnly: boolean;
  manifest: Manifest;
  /** Search words as positions in the header's vocabulary (lines of a full rewrite). */
  wordIds?: Int32Array;
  /** Search words spelled out (lines appended after a full rewrite, whose words the header may lack). */
  words?: string[];
}

export interface RemovedLine {
  kind: 'removed';
  folderName: string;
}

export type IndexLine = FolderLine | RemovedLine;

/** Stem fields in the order of the array form; a stem with exactly these fields is stored as an array. */
const STEM_FIELDS = ['key', 'sourceKey', 'label', 'mode', 'taskId', 'fileName', 'bytes', 'sha256', 'durationSeconds', 'nearSilent'] as const;

/** Escapes every character above U+007F, one `\uXXXX` per UTF-16 code unit, which JSON.parse reads back unchanged. */
function toAscii(json: string): string {
  return json.replace(/[\u0080-\u{10ffff}]/gu, (character) => {
    let escaped = '';
    for (let unit = 0; unit < character.length; unit++) escaped += `\\u${character.charCodeAt(unit).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}

/** Returns the array form of a stem, which takes about 60 % of the bytes of the object form and parses faster. Stems with extra fields stay objects. */
function compactStem(stem: StemRecord): unknown {
  const keys = Object.keys(stem);
  if (keys.length !== STEM_FIELDS.length || !STEM_FIELDS.every((field) => field in stem)) return stem;
  return STEM_FIELDS.map((field) => stem[field]);
}

export function encodeHeader(root: string, vocabulary: readonly string[]): string {
  return toAscii(JSON.stringify({ format: INDEX_FORMAT, version: INDEX_FORMAT_VERSION, root, vocabulary }));
}

export function encodeFolderLine(line: Omit<FolderLine, 'kind'>): string {
  const { folderName, stamp, bytes, readOnly, manifest, wordIds, words } = line;
  const record = {
    folder: folderName,
    stamp: [stamp.folderMtimeMs, stamp.manifestMtimeMs, stamp.manifestSize],
    bytes,
    ...(readOnly ? { readOnly: true } : {}),
    ...(wordIds ? { wordIds: encodeWordIds(wordIds) } : { words: words ?? [] }),
    manifest: { ...manifest, stems: manifest.stems.map(compactStem) },
  };
  return toAscii(JSON.stringify(record));
}

export function encodeRemovedLine(folderName: string): string {
  return toAscii(JSON.stringify({ folder: folderName, removed: true }));
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Returns the header, or null when the line is not a header of any version. */
export function decodeHeader(text: string): IndexHeader | null {
  const value = parseObject(text);
  if (!value || value.format !== INDEX_FORMAT || typeof value.version !== 'number' || typeof value.root !== 'string') return null;
  if (!isStringArray(value.vocabulary)) return null;
  return { format: value.format, version: value.version, root: value.root, vocabulary: value.vocabulary };
}

/**
 * Returns the decoded line, or null when it is not valid JSON or any field has the wrong type.
 * `vocabularySize` bounds the word ids. The checks are cheap type tests, not the manifest schema:
 * the index is only trusted together with a matching folder stamp.
 */
export function decodeLine(text: string, vocabularySize: number): IndexLine | null {
  const value = parseObject(text);
  if (!value || typeof value.folder !== 'string' || !isFolderName(value.folder)) return null;
  if (value.removed === true) return { kind: 'removed', folderName: value.folder };

  const stamp = value.stamp;
  if (!Array.isArray(stamp) || stamp.length !== 3 || !stamp.every(isFiniteNumber)) return null;
  if (!isFiniteNumber(value.bytes) || (value.readOnly !== undefined && typeof value.readOnly !== 'boolean')) return null;
  const manifest = decodeManifest(value.manifest);
  if (!manifest) return null;

  const line: FolderLine = {
    kind: 'folder',
    folderName: value.folder,
    stamp: { folderMtimeMs: stamp[0] as number, manifestMtimeMs: stamp[1] as number, manifestSize: stamp[2] as number },
    bytes: value.bytes,
    readOnly: value.readOnly === true,
    manifest,
  };
  const wordIds = typeof value.wordIds === 'string' ? decodeWordIds(value.wordIds, vocabularySize) : null;
  if (wordIds) {
    line.wordIds = wordIds;
  } else if (isStringArray(value.words)) {
    line.words = value.words;
  } else {
    return null;
  }
  return line;
}

/**
 * Encodes word ids as base64 of 32-bit little-endian integers: one JSON string per line in place
 * of an array of about a hundred numbers, each of which the parser would create as a value.
 */
function encodeWordIds(ids: Int32Array): string {
  const bytes = Buffer.alloc(ids.length * 4);
  ids.forEach((id, position) => bytes.writeInt32LE(id, position * 4));
  return bytes.toString('base64');
}

/** Returns the ids, or null when the text is not whole 32-bit integers or an id is outside the vocabulary. */
function decodeWordIds(text: string, vocabularySize: number): Int32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) return null;
  const ids = new Int32Array(bytes.length / 4);
  for (let position = 0; position < ids.length; position++) {
    const id = bytes.readInt32LE(position * 4);
    if (id < 0 || id >= vocabularySize) return null;
    ids[position] = id;
  }
  return ids;
}

function isFolderName(name: string): boolean {
  return isPlainName(name) && !name.startsWith('.');
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isNullable(value: unknown, test: (value: unknown) => boolean): boolean {
  return value === null || test(value);
}

const isString = (value: unknown): boolean => typeof value === 'string';
const isMode = (value: unknown): boolean => value === 'vocal' || value === 'instrumental';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Turns a stored stem (array or object form) back into a record; null when a field has the wrong type. */
function decodeStem(value: unknown): StemRecord | null {
  let stem: Record<string, unknown>;
  if (Array.isArray(value)) {
    if (value.length !== STEM_FIELDS.length) return null;
    // A literal in STEM_FIELDS order gives every stem one object shape.
    const [key, sourceKey, label, mode, taskId, fileName, bytes, sha256, durationSeconds, nearSilent] = value as unknown[];
    stem = { key, sourceKey, label, mode, taskId, fileName, bytes, sha256, durationSeconds, nearSilent };
  } else if (isObject(value)) {
    stem = value;
  } else {
    return null;
  }
  const valid =
    isString(stem.key) && isString(stem.sourceKey) && isString(stem.label) && isMode(stem.mode) && isString(stem.taskId) &&
    typeof stem.fileName === 'string' && isPlainName(stem.fileName) && isFiniteNumber(stem.bytes) && isString(stem.sha256) &&
    isNullable(stem.durationSeconds, isFiniteNumber) && typeof stem.nearSilent === 'boolean';
  if (!valid) return null;
  // The literal replaces the parsed copy of 'instrumental', one string fewer per stem to keep.
  stem.mode = stem.mode === 'vocal' ? 'vocal' : 'instrumental';
  return stem as unknown as StemRecord;
}

function decodeManifest(value: unknown): Manifest | null {
  if (!isObject(value) || !isObject(value.song) || !Array.isArray(value.stems)) return null;
  const { song } = value;
  const validSong =
    isNullable(song.sunoId, isString) && isNullable(song.generationTaskId, isString) && isString(song.title) && isString(song.styleTags) &&
    isString(song.prompt) && isString(song.lyrics) && isNullable(song.model, isString) && isNullable(song.durationSeconds, isFiniteNumber) &&
    isNullable(song.createdAt, isFiniteNumber) && isNullable(song.coverUrl, isString);
  const validSeparations =
    Array.isArray(value.separations) &&
    value.separations.every(
      (separation) =>
        isObject(separation) && isString(separation.taskId) && isMode(separation.mode) && isFiniteNumber(separation.createdAt) &&
        isNullable(separation.completedAt, isFiniteNumber) && isNullable(separation.credits, isFiniteNumber),
    );
  const valid =
    validSong && validSeparations && isFiniteNumber(value.version) && typeof value.songId === 'string' && SONG_ID_PATTERN.test(value.songId) &&
    isFiniteNumber(value.addedAt) && typeof value.favourite === 'boolean' && isString(value.notes) && isStringArray(value.tags) &&
    isNullable(value.coverFile, (name) => typeof name === 'string' && isPlainName(name)) && isStringArray(value.warnings);
  if (!valid) return null;

  const stems: StemRecord[] = [];
  for (const stored of value.stems) {
    const stem = decodeStem(stored);
    if (!stem) return null;
    stems.push(stem);
  }
  return { ...(value as unknown as Manifest), stems };
}
