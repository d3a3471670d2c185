// The .part file of an unfinished download and its sidecar `<baseName>.part.json`, which records
// the validator and total size that a later Range request needs to resume safely.
import { open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const partStateSchema = z.object({
  /** Strong ETag of the response that started the part, when the server sent one. */
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** Size of the complete file in bytes, when the server sent it. */
  totalBytes: z.number().int().nonnegative().nullable(),
  contentType: z.string().nullable(),
  /** URL of the response that started the part, after redirects. */
  url: z.string(),
});

export type PartState = z.infer<typeof partStateSchema>;

export interface PartPaths {
  part: string;
  sidecar: string;
}

export function partPathsFor(directory: string, baseName: string): PartPaths {
  const part = path.join(directory, `${baseName}.part`);
  return { part, sidecar: `${part}.json` };
}

/** Returns the size of the .part in bytes, or null when there is none. */
export async function partSizeOf(paths: PartPaths): Promise<number | null> {
  try {
    return (await stat(paths.part)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads the sidecar; a missing, unreadable or malformed sidecar reads as null (no validator). */
export async function readPartState(paths: PartPaths): Promise<PartState | null> {
  let text: string;
  try {
    text = await readFile(paths.sidecar, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = partStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

let temporaryFileCount = 0;

/**
 * Writes the sidecar through a temporary file and a rename, so a reader sees the old or the new
 * state. With `fsync: true` (the default) the temporary file is flushed before the rename, so a
 * crash leaves the old or the new state. Without it, a crash can also leave an empty or partial
 * sidecar. readPartState reads that as null, so the download restarts from zero. Such a caller
 * calls syncPartState before it relies on the sidecar surviving a crash.
 * Written by hand rather than with write-file-atomic, which spends three more file-system calls
 * (realpath, stat and a final unlink), each a round trip through libuv's thread pool that is busy
 * with body writes at this point.
 */
export async function writePartState(paths: PartPaths, state: PartState, options: { fsync?: boolean } = {}): Promise<void> {
  temporaryFileCount += 1;
  const temporary = `${paths.sidecar}.${process.pid}.${temporaryFileCount}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(state)}\n`, { flush: options.fsync ?? true });
    await rename(temporary, paths.sidecar);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Flushes the sidecar's bytes to the disk (fsync). */
export async function syncPartState(paths: PartPaths): Promise<void> {
  const file = await open(paths.sidecar, 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Removes the sidecar; a missing one is not an error. */
export async function removePartState(paths: PartPaths): Promise<void> {
  // unlink takes one call where rm takes two (lstat, then unlink).
  try {
    await unlink(paths.sidecar);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Removes the .part and its sidecar; missing files are not an error. */
export async function removePart(paths: PartPaths): Promise<void> {
  await rm(paths.part, { force: true });
  await rm(paths.sidecar, { force: true });
}

/**
 * Returns the value for an If-Range header: the ETag when it is strong, else Last-Modified.
 * A weak ETag (`W/"…"`) cannot be used, because servers compare If-Range strongly.
 */
export function ifRangeValidatorOf(state: PartState | null): string | null {
  if (state === null) return null;
  if (state.etag !== null && !state.etag.startsWith('W/')) return state.etag;
  return state.lastModified;
}
