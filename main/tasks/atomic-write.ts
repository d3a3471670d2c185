// Synchronous atomic file replacement for the task state: write a temporary file beside the
// target, optionally flush it to the disk, then rename it over the target. A crash at any point
// leaves either the old or the new content under the target's name.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Temporary files of this module: `<name>.<pid>-<counter>.tmp`; a crash can leave them behind. */
export const TEMPORARY_SUFFIX_PATTERN = /\.\d+-\d+\.tmp$/;

let counter = 0;

/**
 * Replaces `file` with `content`. With `durable`, the data and the folder entry are flushed to the
 * disk (fsync) before returning, so the new content survives a power loss too.
 */
export function writeFileAtomicSync(file: string, content: string, durable: boolean): void {
  const temporary = `${file}.${process.pid}-${++counter}.tmp`;
  let descriptor: number | null = openSync(temporary, 'w');
  try {
    writeSync(descriptor, content);
    if (durable) fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = null;
    renameSync(temporary, file);
  } catch (error) {
    if (descriptor !== null) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw error;
  }
  if (durable) syncFolder(path.dirname(file));
}

/** Flushes a folder's entries (a rename) to the disk, where the platform allows it. */
function syncFolder(folder: string): void {
  let descriptor: number | null = null;
  try {
    descriptor = openSync(folder, 'r');
    fsyncSync(descriptor);
  } catch {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  } finally {
    if (descriptor !== null) closeSync(descriptor);
  }
}
