// Writes one accepted response into `<baseName>.part`: the sidecar first, then the body, while a
// worker thread computes the sha256 of the whole .part from disk.
import { open, type FileHandle } from 'node:fs/promises';
import { writeBody } from './body-writer.js';
import type { FetchJob } from './fetch-part.js';
import { hashGrowingFile } from './file-hasher.js';
import { parseContentLength, type OpenedResponse } from './http-exchange.js';
import { syncPartState, writePartState, type PartPaths, type PartState } from './part-file.js';

/**
 * Opens the .part (truncating it when the body starts at 0), records the sidecar, streams the body
 * and returns the sha256 of the whole .part. A worker thread reads the .part back as the writes
 * complete, starting with the bytes already there when the body resumes a part.
 * `replacesEarlierPart` is true when a sidecar of an earlier response existed before the request.
 */
export async function writeResponseToPart(job: FetchJob, offset: number, response: OpenedResponse, state: PartState, replacesEarlierPart: boolean): Promise<string> {
  // The sidecar must exist before the first body byte, because a disk that fills up mid-body must
  // still leave a validator to resume with. Its fsync, though, waits on ext4 for a journal commit.
  // With the benchmark's 4 parallel downloads on 2 cores, the flushed sidecar write took a median
  // of 6 to 13 ms per file (load average 2 to 7), the 5 MiB body 50 to 90 ms. So the fsync
  // overlaps the body wherever every sidecar a crash could leave is safe for the bytes in the
  // .part. An empty or partial sidecar reads as none, and the part then restarts from zero. The
  // new sidecar is true for the new bytes. For a 206, an older sidecar names the same
  // representation the new bytes continue. Only a 200 that replaces an earlier part must truncate
  // the part and then flush its new sidecar before the body, or a crash could leave new bytes
  // under the old validator for a later If-Range to extend.
  const flushFirst = replacesEarlierPart && offset === 0;
  let file: FileHandle;
  let sidecarSynced: Promise<unknown> = Promise.resolve(null);
  try {
    file = await openPart(job.paths, offset, state, flushFirst);
    if (!flushFirst) sidecarSynced = settled(syncPartState(job.paths));
  } catch (error) {
    response.body.destroy();
    throw error;
  }

  const hash = hashGrowingFile(job.paths.part);
  hash.extendTo(offset);
  job.meter.start(offset, state.totalBytes);
  const expectedBodyBytes = parseContentLength(response.headers['content-length']);
  let received: number;
  try {
    received = await writeBody(response, {
      file,
      offset,
      expectedBodyBytes,
      maxBytes: job.maxBytes,
      meter: job.meter,
      onWritten: (fileBytes) => hash.extendTo(fileBytes),
    });
  } catch (error) {
    hash.cancel();
    // The caller may remove the .part and sidecar next, so the fsync must have finished with them.
    await sidecarSynced;
    throw error;
  }

  job.onBodyWritten?.();
  const sidecarError = await sidecarSynced;
  if (sidecarError !== null) {
    hash.cancel();
    throw sidecarError;
  }
  job.meter.finish();
  return hash.finish(offset + received);
}

/**
 * Opens the .part for the body (truncating it when the body starts at 0) and writes the sidecar,
 * one after the other when `flushFirst` is set, else at the same time.
 */
async function openPart(paths: PartPaths, offset: number, state: PartState, flushFirst: boolean): Promise<FileHandle> {
  const flags = offset === 0 ? 'w' : 'r+';
  if (flushFirst) {
    const file = await open(paths.part, flags);
    try {
      await writePartState(paths, state, { fsync: true });
    } catch (error) {
      await file.close();
      throw error;
    }
    return file;
  }

  const [opened, written] = await Promise.allSettled([open(paths.part, flags), writePartState(paths, state, { fsync: false })]);
  if (opened.status === 'rejected') throw opened.reason;
  if (written.status === 'rejected') {
    await opened.value.close();
    throw written.reason;
  }
  return opened.value;
}

/** Resolves with the error a promise rejects with, or null once it fulfils. */
function settled(promise: Promise<void>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error ?? new Error('The sidecar write failed without an error.'),
  );
}
