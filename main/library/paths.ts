// Path containment: every path the library reads for a caller or writes must resolve, with links
// followed, to a place inside the library root.
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * Joins a normalised folder path and a plain name (no separators, not `.` or `..`). Same result
 * as `path.join` for such input, without its normalisation pass, which costs measurable time
 * when a scan joins 30,000 paths.
 */
export function childPath(folder: string, name: string): string {
  return folder.endsWith(path.sep) ? `${folder}${name}` : `${folder}${path.sep}${name}`;
}

/** Returns true when `candidate` is `root` itself or lies below it. Both must be absolute and normalised. */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  // Compare whole segments: a child folder may itself be named `..something`.
  return relative === '' || (!path.isAbsolute(relative) && relative.split(path.sep)[0] !== '..');
}

/** Returns true when `candidate` lies strictly below `root`. */
export function isStrictlyInside(root: string, candidate: string): boolean {
  return candidate !== root && isInside(root, candidate);
}

function outsideError(subject: string): AppError {
  return new AppError('invalid_argument', `${subject} resolves to a place outside the library folder; only files inside the library can be used.`);
}

function notFound(subject: string, error: unknown): AppError {
  return new AppError('not_found', `${subject} was not found in the library folder. Rescan the library if files were moved by hand.`, { cause: error });
}

/**
 * Resolves `target` with links followed and returns its real path when it lies strictly inside
 * `root` (a real path). Throws AppError `not_found` when it does not exist and `invalid_argument`
 * when it leads outside.
 */
export async function realPathInside(root: string, target: string, subject: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(target);
  } catch (error) {
    throw notFound(subject, error);
  }
  if (!isStrictlyInside(root, real)) throw outsideError(subject);
  return real;
}

/** Synchronous form of {@link realPathInside}, for the synchronous `stemBaseName`. */
export function realPathInsideSync(root: string, target: string, subject: string): string {
  let real: string;
  try {
    real = realpathSync(target);
  } catch (error) {
    throw notFound(subject, error);
  }
  if (!isStrictlyInside(root, real)) throw outsideError(subject);
  return real;
}

/**
 * Checks that a song folder is a direct child of the root after links are resolved, so a write
 * into it cannot land anywhere else. Returns the folder's real path.
 */
export async function checkSongDirectory(root: string, directory: string): Promise<string> {
  const real = await realPathInside(root, directory, `Song folder "${path.basename(directory)}"`);
  if (path.dirname(real) !== root) throw outsideError(`Song folder "${path.basename(directory)}"`);
  return real;
}

export function checkSongDirectorySync(root: string, directory: string): string {
  const real = realPathInsideSync(root, directory, `Song folder "${path.basename(directory)}"`);
  if (path.dirname(real) !== root) throw outsideError(`Song folder "${path.basename(directory)}"`);
  return real;
}
