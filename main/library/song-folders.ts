// Creating and renaming song folders under collision-free names, compared the way
// case-insensitive file systems compare them.
import { lstat, mkdir, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { toStorageError } from './fs-errors.js';
import { MAX_FOLDER_BYTES, nameKey, uniqueName } from './sanitize.js';

/** Name keys of every folder in the root and of every indexed folder, except the one named exactly `except`. */
async function existingFolderKeys(root: string, indexedNames: Iterable<string>, except?: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const name of await readdir(root)) if (name !== except) keys.add(nameKey(name));
  for (const name of indexedNames) if (name !== except) keys.add(nameKey(name));
  return keys;
}

/**
 * Creates a new song folder named `base`, `base (2)` … and returns its name. `mkdir` without
 * `recursive` fails on any existing name, so a folder that appears meanwhile is never reused.
 */
export async function createSongFolder(root: string, base: string, indexedNames: Iterable<string>): Promise<string> {
  const existingKeys = await existingFolderKeys(root, indexedNames);
  for (;;) {
    const name = uniqueName(base, MAX_FOLDER_BYTES, (candidate) => existingKeys.has(nameKey(candidate)));
    try {
      await mkdir(path.join(root, name));
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw toStorageError(error, 'create the song folder', name);
      existingKeys.add(nameKey(name));
    }
  }
}

/**
 * Renames a song folder to a collision-free form of `base` and returns the new name. Throws
 * AppError `storage` when another folder took the chosen name meanwhile, instead of replacing it.
 */
export async function renameSongFolder(root: string, directory: string, folderName: string, base: string, indexedNames: Iterable<string>): Promise<string> {
  const existingKeys = await existingFolderKeys(root, indexedNames, folderName);
  const newName = uniqueName(base, MAX_FOLDER_BYTES, (candidate) => existingKeys.has(nameKey(candidate)));
  const target = path.join(root, newName);
  // On a case-insensitive file system a case-only rename finds the song's own folder here.
  const [existing, own] = await Promise.all([lstat(target).catch(() => null), lstat(directory)]);
  if (existing && (existing.ino !== own.ino || existing.dev !== own.dev)) {
    throw new AppError('storage', `Cannot rename the song folder to "${newName}": a folder with that name appeared meanwhile. Try again.`);
  }
  try {
    await rename(directory, target);
  } catch (error) {
    throw toStorageError(error, 'rename the song folder', folderName);
  }
  return newName;
}
