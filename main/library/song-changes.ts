// Pure changes to a manifest: new songs, metadata merges, separations added, user edits validated.
import { createHash } from 'node:crypto';
import type { SongUpdate } from '../../preload/contract.js';
import { AppError } from '../errors.js';
import { withWarnings } from './manifest.js';
import { isPlainName } from './sanitize.js';
import { MANIFEST_VERSION, type Manifest, type SeparationRecord, type SongMeta, type StemRecord } from './types.js';

const MAX_TITLE_LENGTH = 500;
const MAX_TAG_LENGTH = 100;
const MAX_TAGS = 100;
const MAX_NOTES_LENGTH = 100_000;

/**
 * Derives the song id from the Suno id, so a song keeps its id across rescans and reinstalls:
 * `suno-<id>` when the id is plain letters, digits and dashes, otherwise `suno-` plus a hash.
 */
export function songIdForSunoId(sunoId: string): string {
  if (/^[A-Za-z0-9-]{1,100}$/u.test(sunoId)) return `suno-${sunoId}`;
  return `suno-${createHash('sha256').update(sunoId).digest('hex').slice(0, 32)}`;
}

export function newManifest(songId: string, meta: SongMeta, now: number): Manifest {
  return {
    version: MANIFEST_VERSION,
    songId,
    song: { ...meta, title: meta.title.trim() },
    addedAt: now,
    favourite: false,
    notes: '',
    tags: [],
    coverFile: null,
    separations: [],
    stems: [],
    warnings: [],
  };
}

function isBlank(value: string | number | null): boolean {
  return value === null || value === '';
}

/**
 * Fills song fields the manifest lacks (empty or null) from newer provider metadata. The title is
 * never replaced, because the user may have renamed the song. Returns null when nothing changed.
 */
export function mergeSongMeta(manifest: Manifest, meta: SongMeta): Manifest | null {
  const song: SongMeta = { ...manifest.song };
  let changed = false;
  for (const field of Object.keys(meta) as (keyof SongMeta)[]) {
    if (field === 'title') continue;
    const incoming = meta[field];
    if (isBlank(song[field]) && !isBlank(incoming)) {
      (song as unknown as Record<string, unknown>)[field] = incoming;
      changed = true;
    }
  }
  return changed ? { ...manifest, song } : null;
}

/**
 * Adds a separation and its stems. Adding the same task again replaces its record and any stem
 * with the same file name or the same task and key, so a repeated call is harmless.
 */
export function withSeparation(manifest: Manifest, separation: SeparationRecord, stems: StemRecord[], warnings: string[]): Manifest {
  const fileNames = new Set(stems.map((stem) => stem.fileName));
  const keys = new Set(stems.map((stem) => `${stem.taskId}\n${stem.key}`));
  const keptStems = manifest.stems.filter((stem) => !fileNames.has(stem.fileName) && !keys.has(`${stem.taskId}\n${stem.key}`));
  const separations = [...manifest.separations.filter((entry) => entry.taskId !== separation.taskId), separation];
  const allStems = [...keptStems, ...stems];

  let song = manifest.song;
  if (song.durationSeconds === null) {
    const origin = stems.find((stem) => stem.key === 'origin' && stem.durationSeconds !== null);
    if (origin) song = { ...song, durationSeconds: origin.durationSeconds };
  }
  return { ...manifest, song, separations, stems: allStems, warnings: withWarnings(manifest.warnings, warnings) };
}

/** Validates a stem record from a caller before it reaches the manifest. */
export function validateStemRecord(stem: StemRecord): void {
  if (typeof stem.fileName !== 'string' || !isPlainName(stem.fileName)) {
    throw new AppError('invalid_argument', `Invalid stem file name "${String(stem.fileName)}" for stem ${stem.key}: expected one file name inside the song folder.`);
  }
  if (typeof stem.key !== 'string' || stem.key.trim() === '') {
    throw new AppError('invalid_argument', `Invalid stem key for file "${stem.fileName}": expected a non-empty key such as "drums".`);
  }
}

function normaliseTags(tags: unknown): string[] {
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) {
    throw new AppError('invalid_argument', 'Invalid tags: expected a list of text tags.');
  }
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags as string[]) {
    const tag = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
    if (tag === '') continue;
    if (tag.length > MAX_TAG_LENGTH) throw new AppError('invalid_argument', `Invalid tag "${tag.slice(0, 40)}…": tags are at most ${MAX_TAG_LENGTH} characters.`);
    const key = tag.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(tag);
  }
  if (result.length > MAX_TAGS) throw new AppError('invalid_argument', `Too many tags (${result.length}): a song has at most ${MAX_TAGS}.`);
  return result;
}

/**
 * Validates a user's edit and returns the changed manifest. The title is trimmed and must not be
 * empty; moving the folder for a new title is the caller's job.
 */
export function applySongUpdate(manifest: Manifest, update: SongUpdate): Manifest {
  let next: Manifest = { ...manifest };
  if (update.tags !== undefined) next = { ...next, tags: normaliseTags(update.tags) };
  if (update.favourite !== undefined) {
    if (typeof update.favourite !== 'boolean') throw new AppError('invalid_argument', 'Invalid favourite flag: expected true or false.');
    next = { ...next, favourite: update.favourite };
  }
  if (update.notes !== undefined) {
    if (typeof update.notes !== 'string') throw new AppError('invalid_argument', 'Invalid notes: expected text.');
    if (update.notes.length > MAX_NOTES_LENGTH) {
      throw new AppError('invalid_argument', `Notes are too long (${update.notes.length} characters); the limit is ${MAX_NOTES_LENGTH}.`);
    }
    next = { ...next, notes: update.notes };
  }
  if (update.title !== undefined) {
    const title = typeof update.title === 'string' ? update.title.normalize('NFC').trim() : '';
    if (title === '') throw new AppError('invalid_argument', 'Invalid title: a song title must not be empty.');
    if (title.length > MAX_TITLE_LENGTH) throw new AppError('invalid_argument', `Invalid title: it has ${title.length} characters; the limit is ${MAX_TITLE_LENGTH}.`);
    next = { ...next, song: { ...next.song, title } };
  }
  return next;
}
