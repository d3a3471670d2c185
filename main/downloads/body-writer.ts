// Streams one response body into the .part file, enforcing the size limits, reporting progress and
// telling the caller how many bytes of the file are on disk after each write.
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import { describeUrl, withPartRemoval } from './download-errors.js';
import { looksLikeHtml } from './file-type.js';
import type { OpenedResponse } from './http-exchange.js';
import type { ProgressMeter } from './progress.js';

/**
 * Bytes the writer buffers before the body is paused, and so the largest single writev. Socket
 * reads arrive in chunks of up to 64 KiB, and while one write runs in the thread pool the next
 * chunks collect here, so one system call writes many of them.
 */
const WRITE_BUFFER_BYTES = 1024 * 1024;

export interface BodyTarget {
  /** The .part, opened for writing; this function closes it. */
  file: FileHandle;
  /** Byte offset in the .part where the body starts (the Range start, or 0). */
  offset: number;
  /** Content-Length of the response, when present. */
  expectedBodyBytes: number | null;
  maxBytes: number;
  meter: ProgressMeter;
  /** Called after each completed write with the number of bytes of the .part now on disk. */
  onWritten?: (fileBytes: number) => void;
}

/**
 * Writes the body at `target.offset` and returns the number of body bytes written. Rejects with
 * `bad_response`, marked for removal of the .part, when the body exceeds its Content-Length or
 * `maxBytes`, or when a body that starts the file is an HTML page. Other failures surface as the
 * stream's own error. The checks run on each batch before it is written, so a rejected batch
 * never reaches the file.
 */
export async function writeBody(response: OpenedResponse, target: BodyTarget): Promise<number> {
  const where = describeUrl(response.url);
  let received = 0;
  let position = target.offset;

  const checkBatch = (chunks: Buffer[]): AppError | null => {
    const first = chunks[0];
    if (received === 0 && target.offset === 0 && first !== undefined && looksLikeHtml(first)) {
      return withPartRemoval(htmlError(response, where));
    }
    for (const chunk of chunks) received += chunk.length;
    if (target.expectedBodyBytes !== null && received > target.expectedBodyBytes) {
      return withPartRemoval(new AppError('bad_response', `Download failed: ${where} sent more bytes than its Content-Length of ${target.expectedBodyBytes}.`));
    }
    if (target.offset + received > target.maxBytes) return withPartRemoval(tooLargeError(where, target.maxBytes));
    return null;
  };

  const writeBatch = (chunks: Buffer[], callback: (error?: Error | null) => void): void => {
    const problem = checkBatch(chunks);
    if (problem !== null) {
      callback(problem);
      return;
    }
    writeFully(target.file, chunks, position).then(
      (written) => {
        position += written;
        target.meter.add(written);
        target.onWritten?.(position);
        callback();
      },
      (error: unknown) => callback(error as Error),
    );
  };

  const output = new Writable({
    highWaterMark: WRITE_BUFFER_BYTES,
    write(chunk: Buffer, _encoding, callback) {
      writeBatch([chunk], callback);
    },
    writev(entries, callback) {
      writeBatch(
        entries.map((entry) => entry.chunk as Buffer),
        callback,
      );
    },
    destroy(error, callback) {
      target.file.close().then(
        () => callback(error),
        (closeError: unknown) => callback(error ?? (closeError as Error)),
      );
    },
  });

  try {
    await pipeline(response.body, output);
  } finally {
    // The next attempt measures the .part on disk, so the file must be closed and every write
    // settled first. pipeline() can settle before the writer's destroy has closed the file.
    if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
  }
  return received;
}

/**
 * Writes `chunks` at `position` and returns the bytes written. A regular file can take fewer bytes
 * than requested, for example when the disk fills up. The rest is then written again, until the
 * file takes it all or the write fails with the real error such as ENOSPC.
 */
async function writeFully(file: FileHandle, chunks: Buffer[], position: number): Promise<number> {
  let remaining = chunks;
  let written = 0;
  for (;;) {
    const { bytesWritten } = await file.writev(remaining, position + written);
    if (bytesWritten === 0) throw new Error(`Writing the download at byte ${position + written} made no progress.`);
    written += bytesWritten;
    remaining = dropLeadingBytes(remaining, bytesWritten);
    if (remaining.length === 0) return written;
  }
}

function dropLeadingBytes(chunks: Buffer[], bytes: number): Buffer[] {
  let skip = bytes;
  let index = 0;
  while (index < chunks.length && skip >= (chunks[index] as Buffer).length) {
    skip -= (chunks[index] as Buffer).length;
    index += 1;
  }
  const rest = chunks.slice(index);
  if (skip > 0 && rest.length > 0) rest[0] = (rest[0] as Buffer).subarray(skip);
  return rest;
}

export function tooLargeError(where: string, maxBytes: number): AppError {
  return new AppError('bad_response', `Download failed: ${where} is larger than the limit of ${maxBytes} bytes. The file is not a stem, or the limit is too low.`);
}

export function htmlError(response: Pick<OpenedResponse, 'status' | 'headers'>, where: string): AppError {
  const contentType = response.headers['content-type'] ?? 'none';
  return new AppError('bad_response', `Download failed: the server sent a web page instead of audio (HTTP ${response.status}, content-type ${contentType}) for ${where}. The link may need a sign-in or be blocked by a proxy.`, {
    status: response.status,
  });
}
