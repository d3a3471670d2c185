// The line format of the persisted library index: a header line, then one JSON line per song
// folder or removed folder. Lines are pure ASCII (other characters are \u-escaped), so a reader
// can decode the file as latin1, several times faster than UTF-8 for tens of megabytes.
import os from 'node:os';
import { decodeStem, encodeStem } from './index-stems.js';
import { SONG_ID_PATTERN } from './manifest.js';
import { isPlainName } from './sanitize.js';
import type { FolderStamp } from './scan.js';
import type { Manifest, SeparationRecord, StemRecord } from './types.js';

export const INDEX_FORMAT = 'stemcrate-library-index';

/**
 * Version of the line format. Raise it whenever the lines, the manifest shape or the search words
 * (`searchWords` in search.ts) change, so older index files are ignored and rebuilt. Version 2
 * added the short stem form (index-stems.ts).
 */
export const INDEX_FORMAT_VERSION = 2;

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

/** Escapes every character above U+007F, one `\uXXXX` per UTF-16 code unit, which JSON.parse reads back unchanged. */
function toAscii(json: string): string {
  return json.replace(/[\u0080-\u{10ffff}]/gu, (character) => {
    let escaped = '';
    for (let unit = 0; unit < character.length; unit++) escaped += `\\u${character.charCodeAt(unit).toString(16).padStart(4, '0')}`;
    return escaped;
  });
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
    manifest: { ...manifest, stems: manifest.stems.map((stem) => encodeStem(stem, manifest.separations)) },
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
  const count = bytes.length / 4;
  let ids: Int32Array;
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0) {
    // One copy of the aligned bytes in place of a read call per id.
    ids = new Int32Array(bytes.buffer, bytes.byteOffset, count).slice();
  } else {
    ids = new Int32Array(count);
    for (let position = 0; position < count; position++) ids[position] = bytes.readInt32LE(position * 4);
  }
  for (let position = 0; position < count; position++) {
    const id = ids[position] as number;
    if (id < 0 || id >= vocabularySize) return null;
  }
  return ids;
}

const LITTLE_ENDIAN = os.endianness() === 'LE';

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

  const separations = value.separations as SeparationRecord[];
  const stems: StemRecord[] = [];
  for (const stored of value.stems) {
    const stem = decodeStem(stored, separations);
    if (!stem) return null;
    stems.push(stem);
  }
  // The parsed object is this function's own, so it becomes the manifest without a copy.
  value.stems = stems;
  return value as unknown as Manifest;
}
