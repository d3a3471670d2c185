// Streams one response body into the .part file, enforcing the size limits, reporting progress and
// optionally hashing the bytes on their way to the file.
import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import { describeUrl, withPartRemoval } from './download-errors.js';
import { looksLikeHtml } from './file-type.js';
import type { OpenedResponse } from './http-exchange.js';
import type { ProgressMeter } from './progress.js';

export interface BodyTarget {
  /** The .part, opened for writing; this function closes it. */
  file: FileHandle;
  /** Byte offset in the .part where the body starts (the Range start, or 0). */
  offset: number;
  /** Content-Length of the response, when present. */
  expectedBodyBytes: number | null;
  maxBytes: number;
  meter: ProgressMeter;
  /** Receives every body byte in file order; its digest covers the body only once writeBody resolves. */
  hash?: Hash;
}

/**
 * Writes the body at `target.offset` and returns the number of body bytes received. Rejects with
 * `bad_response`, marked for removal of the .part, when the body exceeds its Content-Length or
 * `maxBytes`, or when a body that starts the file is an HTML page. Other failures surface as the
 * stream's own error.
 */
export async function writeBody(response: OpenedResponse, target: BodyTarget): Promise<number> {
  const where = describeUrl(response.url);
  let received = 0;

  // Buffers of 1 MiB (instead of 16 KiB) let the file stream batch many socket chunks into one write.
  const guard = new Transform({
    highWaterMark: 1024 * 1024,
    transform(chunk: Buffer, _encoding, callback) {
      if (received === 0 && target.offset === 0 && looksLikeHtml(chunk)) {
        callback(withPartRemoval(htmlError(response, where)));
        return;
      }
      received += chunk.length;
      if (target.expectedBodyBytes !== null && received > target.expectedBodyBytes) {
        callback(withPartRemoval(new AppError('bad_response', `Download failed: ${where} sent more bytes than its Content-Length of ${target.expectedBodyBytes}.`)));
        return;
      }
      if (target.offset + received > target.maxBytes) {
        callback(withPartRemoval(tooLargeError(where, target.maxBytes)));
        return;
      }
      target.meter.add(chunk.length);
      target.hash?.update(chunk);
      callback(null, chunk);
    },
  });

  const output = target.file.createWriteStream({ start: target.offset, autoClose: true, highWaterMark: 1024 * 1024 });
  try {
    await pipeline(response.body, guard, output);
  } finally {
    // The next attempt measures the .part on disk, so every write must have settled first.
    if (!output.closed) await new Promise<void>((resolve) => output.once('close', () => resolve()));
  }
  return received;
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
