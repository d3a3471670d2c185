// Listing one song folder: its audio files, cover images and other files, and their sizes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isStrictlyInside } from './paths.js';
import { MANIFEST_FILE } from './types.js';

export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set(['.mp3', '.wav', '.flac', '.m4a', '.ogg', '.aiff', '.aif']);
const COVER_NAME = /^(?:cover|folder|front|artwork)\.(?:jpe?g|png|webp)$/iu;

export interface FolderFile {
  name: string;
  bytes: number;
}

export interface FolderFiles {
  /** Every regular file the library may list, by name; hidden files, `.part` files and manifest copies excluded. */
  files: Map<string, FolderFile>;
  audio: string[];
  covers: string[];
  /** Sum of all regular files in the folder, including the manifest and partial downloads, in bytes. */
  bytes: number;
  warnings: string[];
}

export function isAudioFile(name: string): boolean {
  return AUDIO_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Names the library never treats as stems: hidden files, partial downloads, the manifest, its temporary and corrupt copies. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase().endsWith('.part') || name === MANIFEST_FILE || name.startsWith(`${MANIFEST_FILE}.`);
}

/**
 * Lists a song folder. `knownSizes` gives sizes already recorded (stems in the manifest, the
 * manifest itself), so a scan of a large library skips one `lstat` per stem. Symbolic links are
 * followed only when they resolve inside the library root; a link that leads outside is skipped
 * with a warning.
 */
export async function listFolderFiles(root: string, directory: string, knownSizes: ReadonlyMap<string, number> = new Map()): Promise<FolderFiles> {
  const result: FolderFiles = { files: new Map(), audio: [], covers: [], bytes: 0, warnings: [] };
  const entries = await readdir(directory, { withFileTypes: true });
  const folderName = path.basename(directory);

  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    let size: number;
    if (entry.isSymbolicLink()) {
      const target = await realpath(full).catch(() => null);
      const info = target === null ? null : await stat(target).catch(() => null);
      if (target === null || info === null || !isStrictlyInside(root, target) || !info.isFile()) {
        result.warnings.push(`${folderName}/${entry.name} is a link that leads outside the library or nowhere; it was skipped.`);
        continue;
      }
      // The target is counted where it lives, not here.
      size = info.size;
    } else if (entry.isFile()) {
      size = knownSizes.get(entry.name) ?? (await lstat(full).catch(() => null))?.size ?? 0;
      result.bytes += size;
    } else {
      continue;
    }
    if (isIgnoredName(entry.name)) continue;
    result.files.set(entry.name, { name: entry.name, bytes: size });
    if (isAudioFile(entry.name)) result.audio.push(entry.name);
    else if (COVER_NAME.test(entry.name)) result.covers.push(entry.name);
  }
  result.audio.sort();
  result.covers.sort();
  return result;
}

/** Sums the sizes of the regular files in a folder, in bytes; links and subfolders are not counted. */
export async function folderBytes(directory: string): Promise<number> {
  const entries = await readdir(directory, { withFileTypes: true });
  let total = 0;
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += (await lstat(path.join(directory, entry.name)).catch(() => null))?.size ?? 0;
  }
  return total;
}

export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
