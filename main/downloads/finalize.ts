// Flushes a complete .part to disk and moves it to its final name without ever overwriting an
// existing file.
import { access, link, open, rename, unlink } from 'node:fs/promises';
import { AppError } from '../errors.js';

// Errors with which file systems without hard links (FAT, exFAT, some network shares) reject link().
const NO_HARD_LINK_CODES = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function existsError(to: string): AppError {
  return new AppError('storage', `Cannot save the download: ${to} already exists. The finished download stays as a .part file; choose another file name.`);
}

/**
 * Flushes a file's bytes to the disk. Without it, a power loss (unlike a process crash) could
 * leave a final name with fewer bytes than its manifest records. The downloader calls it after the
 * transfer has freed its slot, so the next transfer does not wait for it.
 */
export async function flushToDisk(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
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
