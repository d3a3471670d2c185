// Turning stem ids and cover references into real file paths, only ever inside the library root.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { SONG_ID_PATTERN } from './manifest.js';
import { checkSongDirectory, realPathInside } from './paths.js';
import { isPlainName } from './sanitize.js';
import type { SongEntry } from './types.js';

/** Splits `<songId>/<fileName>` at its first `/`. Throws AppError `invalid_argument` for anything else, `..` and absolute paths included. */
export function parseStemId(stemId: string): { songId: string; fileName: string } {
  const slash = typeof stemId === 'string' ? stemId.indexOf('/') : -1;
  const songId = slash === -1 ? '' : stemId.slice(0, slash);
  const fileName = slash === -1 ? '' : stemId.slice(slash + 1);
  if (!SONG_ID_PATTERN.test(songId) || !isPlainName(fileName)) {
    throw new AppError('invalid_argument', `Invalid stem id "${String(stemId)}": expected <song id>/<file name>.`);
  }
  return { songId, fileName };
}

/**
 * Returns the real path of a stem the song's manifest lists. Throws AppError `not_found` for an
 * unlisted or missing file and `invalid_argument` when links lead outside the root.
 */
export async function resolveStemFile(root: string, entry: SongEntry, fileName: string): Promise<string> {
  const songId = entry.manifest.songId;
  if (!entry.manifest.stems.some((stem) => stem.fileName === fileName)) {
    throw new AppError('not_found', `Stem "${fileName}" is not part of song ${songId}. Rescan the library if files were renamed by hand.`);
  }
  const directory = await checkSongDirectory(root, entry.directory);
  const file = await realPathInside(root, path.join(directory, fileName), `Stem "${fileName}"`);
  if (!(await stat(file)).isFile()) throw new AppError('not_found', `Stem "${fileName}" of song ${songId} is not a file.`);
  return file;
}

/** Returns the real path of the song's cover image, or null when it has none. */
export async function resolveCoverFile(root: string, entry: SongEntry): Promise<string | null> {
  const coverFile = entry.manifest.coverFile;
  if (coverFile === null) return null;
  const directory = await checkSongDirectory(root, entry.directory);
  return realPathInside(root, path.join(directory, coverFile), `Cover "${coverFile}"`);
}
