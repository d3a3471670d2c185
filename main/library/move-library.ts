// Moving the whole library to another folder: copy every file, verify each copy by size and
// sha256, and only then remove the originals. A failure before removal leaves the old library whole.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rm, rmdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { hashFile } from './folder-files.js';
import { toStorageError } from './fs-errors.js';
import { isInside } from './paths.js';
import type { MoveReport } from './types.js';

const log = getLogger('library');

/** Resolves a path that may not exist yet through its nearest existing ancestor, so links are followed. */
async function resolveFuturePath(target: string): Promise<string> {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await realpath(current);
      return path.join(real, ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Checks the target of a move and returns its real path. Throws AppError `invalid_argument` when
 * it is the library itself, lies inside it, or is a folder that is not empty.
 */
export async function checkMoveTarget(root: string, newRoot: string): Promise<string> {
  if (typeof newRoot !== 'string' || newRoot.trim() === '' || !path.isAbsolute(newRoot)) {
    throw new AppError('invalid_argument', `Invalid library folder "${String(newRoot)}": choose an absolute folder path.`);
  }
  const target = await resolveFuturePath(newRoot);
  if (isInside(root, target)) {
    throw new AppError('invalid_argument', `Cannot move the library into "${newRoot}": it is inside the current library. Choose a folder outside it.`);
  }
  const names = await readdir(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw toStorageError(error, 'read the target folder', newRoot);
  });
  if (names.length > 0) {
    throw new AppError('invalid_argument', `Cannot move the library into "${newRoot}": the folder is not empty. Choose an empty or new folder.`);
  }
  return target;
}

interface CopyPlan {
  files: { relative: string; bytes: number }[];
  folders: string[];
  skipped: string[];
}

async function planCopy(root: string, relative: string, plan: CopyPlan): Promise<void> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  for (const entry of entries) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) {
      plan.folders.push(child);
      await planCopy(root, child, plan);
    } else if (entry.isFile()) {
      plan.files.push({ relative: child, bytes: (await lstat(path.join(root, child))).size });
    } else {
      // Links could point anywhere; copying their targets could pull outside files into the library.
      plan.skipped.push(child);
    }
  }
}

/** Copies one file, returning the sha256 of the bytes read from the source. */
async function copyFile(source: string, destination: string): Promise<string> {
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(createReadStream(source), tap, createWriteStream(destination, { flags: 'wx' }));
  const info = await lstat(source);
  await utimes(destination, info.atime, info.mtime);
  return hash.digest('hex');
}

/**
 * Copies the tree under `from` into the empty or new folder `to`, verifies every copy, and then
 * removes the originals and the old root when it is empty. On a failure before removal, the
 * copies made so far are deleted and the originals stay untouched.
 */
export async function moveLibraryFiles(from: string, to: string): Promise<MoveReport> {
  const plan: CopyPlan = { files: [], folders: [], skipped: [] };
  await planCopy(from, '', plan);
  log.info({ from, to, files: plan.files.length, skipped: plan.skipped.length }, 'moving the library');

  const createdTarget = await mkdir(to, { recursive: true }).catch((error: unknown) => {
    throw toStorageError(error, 'create the folder', to);
  });
  let bytes = 0;
  try {
    for (const folder of plan.folders) await mkdir(path.join(to, folder));
    for (const file of plan.files) {
      const source = path.join(from, file.relative);
      const destination = path.join(to, file.relative);
      const sourceHash = await copyFile(source, destination);
      const copied = await lstat(destination);
      if (copied.size !== file.bytes || (await hashFile(destination)) !== sourceHash) {
        throw new AppError('storage', `The copy of "${file.relative}" in "${to}" does not match the original; nothing was removed.`);
      }
      bytes += copied.size;
    }
  } catch (error) {
    log.error({ from, to, err: error }, 'library move failed; removing the partial copy');
    await removeCopies(to, plan, createdTarget !== undefined);
    throw toStorageError(error, 'copy the library to', to);
  }

  // Remove the top-level entries only; `rm` takes each song folder with everything copied from it.
  const topLevel = new Set([...plan.folders, ...plan.files.map((file) => file.relative)].map((entry) => entry.split(path.sep)[0] ?? entry));
  for (const name of topLevel) {
    if (plan.skipped.some((skipped) => skipped.split(path.sep)[0] === name)) {
      await removeCopiedFilesOnly(from, name, plan);
      continue;
    }
    await rm(path.join(from, name), { recursive: true, force: true });
  }
  await rmdir(from).catch(() => undefined);
  log.info({ from, to, files: plan.files.length, bytes }, 'library moved');
  return { from, to, files: plan.files.length, bytes, skipped: plan.skipped };
}

/** Removes the copied files under one top-level folder that also contains skipped links, keeping the links. */
async function removeCopiedFilesOnly(from: string, name: string, plan: CopyPlan): Promise<void> {
  for (const file of plan.files) {
    if (file.relative.split(path.sep)[0] === name) await rm(path.join(from, file.relative), { force: true });
  }
}

async function removeCopies(to: string, plan: CopyPlan, removeRoot: boolean): Promise<void> {
  const topLevel = new Set([...plan.folders, ...plan.files.map((file) => file.relative)].map((entry) => entry.split(path.sep)[0] ?? entry));
  for (const name of topLevel) await rm(path.join(to, name), { recursive: true, force: true }).catch(() => undefined);
  if (removeRoot) await rmdir(to).catch(() => undefined);
}
