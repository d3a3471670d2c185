// Fills `<baseName>.part` with the complete file: resumes with Range and If-Range when the sidecar
// has a validator, restarts from zero when it has none or when the file changed on the server.
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { htmlError, tooLargeError } from './body-writer.js';
import { describeUrl, isConnectionError, removesPart, statusError, withPartRemoval } from './download-errors.js';
import { mediaTypeOf } from './file-type.js';
import { openResponse, parseContentLength, type OpenedResponse } from './http-exchange.js';
import { writeResponseToPart } from './part-writer.js';
import {
  ifRangeValidatorOf,
  partSizeOf,
  readPartState,
  removePart,
  type PartPaths,
  type PartState,
} from './part-file.js';
import type { ProgressMeter } from './progress.js';
import type { DownloadKind } from './types.js';

const log = getLogger('downloads');

export interface FetchJob {
  url: URL;
  paths: PartPaths;
  kind: DownloadKind;
  taskId: string;
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  meter: ProgressMeter;
  /** Called once a response body has been written completely, before the sha256 is awaited. */
  onBodyWritten?: () => void;
  checkUrl?: (url: URL) => void;
}

export interface FetchedPart {
  state: PartState;
  /** sha256 of the whole .part as lower-case hex, when a response was written; null for a part completed earlier. */
  sha256: string | null;
}

interface ResumePoint {
  offset: number;
  validator: string | null;
  state: PartState | null;
}

/**
 * Downloads until the .part contains the whole body and returns the sidecar state that describes
 * it, with the file's sha256 when it was computed on the way.
 * Makes at most one immediate resume, after a connection that dropped mid-body once bytes had
 * arrived, and at most one fresh request after a 416 that does not mean the part is complete.
 */
export async function fetchIntoPart(job: FetchJob): Promise<FetchedPart> {
  let resumesLeft = 1;
  let restartsLeft = 1;

  for (;;) {
    const start = await findResumePoint(job);
    if (start.state !== null && start.offset === start.state.totalBytes) {
      // A complete part left by an earlier run (for example, one that stopped before the rename).
      // Finishing it without a request keeps it usable after the provider has deleted the file.
      log.info({ taskId: job.taskId, bytes: start.offset }, 'part is already complete; skipping the request');
      return { state: start.state, sha256: null };
    }
    const response = await openResponse(job.url, {
      headers: requestHeaders(start),
      timeoutMs: job.timeoutMs,
      signal: job.signal,
      ...(job.checkUrl ? { checkUrl: job.checkUrl } : {}),
    });

    if (response.status === 416) {
      response.body.destroy();
      if (start.state !== null && partIsComplete(start, response.headers)) return { state: { ...start.state, totalBytes: start.offset }, sha256: null };
      if (start.validator === null || restartsLeft === 0) throw unusableResponseError(response, 'a 416 (range not satisfiable) response');
      restartsLeft -= 1;
      log.warn({ taskId: job.taskId, url: describeUrl(response.url), offset: start.offset }, 'range not satisfiable; restarting the download from zero');
      await removePart(job.paths);
      continue;
    }

    const state = await acceptResponse(job, start, response);
    const bodyStart = response.status === 206 ? start.offset : 0;
    try {
      const sha256 = await writeResponseToPart(job, bodyStart, response, state, start.state !== null);
      return { state, sha256 };
    } catch (error) {
      if (job.signal?.aborted) throw job.signal.reason;
      if (removesPart(error)) {
        await removePart(job.paths);
        throw error;
      }

      const progressed = ((await partSizeOf(job.paths)) ?? 0) > bodyStart;
      if (!isConnectionError(error) || !progressed || resumesLeft === 0) throw error;
      resumesLeft -= 1;
      log.warn({ taskId: job.taskId, url: describeUrl(response.url), err: error }, 'connection dropped mid-body; resuming immediately (once per download)');
    }
  }
}

/** Decides where the next request starts, removing a .part that cannot be resumed safely. */
async function findResumePoint(job: FetchJob): Promise<ResumePoint> {
  const [size, state] = await Promise.all([partSizeOf(job.paths), readPartState(job.paths)]);
  const validator = ifRangeValidatorOf(state);

  if (size !== null && size > 0 && validator !== null && size <= job.maxBytes) {
    return { offset: size, validator, state };
  }
  if (size !== null || state !== null) {
    if (size !== null && size > 0) log.info({ taskId: job.taskId, bytes: size }, 'part has no validator; restarting the download from zero');
    await removePart(job.paths);
  }
  return { offset: 0, validator: null, state: null };
}

function requestHeaders(start: ResumePoint): Record<string, string> {
  // Identity encoding keeps byte offsets equal to offsets in the file.
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (start.offset > 0 && start.validator !== null) {
    headers.range = `bytes=${start.offset}-`;
    headers['if-range'] = start.validator;
  }
  return headers;
}

/**
 * Tells whether a 416 means the part is complete: its size equals the total the earlier response
 * announced, or, when that response announced none, the size in the 416's Content-Range. The
 * server applied the Range, so the If-Range validator still matched.
 */
function partIsComplete(start: ResumePoint, headers: IncomingHttpHeaders): boolean {
  const current = parseUnsatisfiedRange(headers['content-range']);
  const known = start.state?.totalBytes ?? current;
  if (start.offset === 0 || known === null || start.offset !== known) return false;
  return current === null || current === known;
}

/**
 * Checks status, encoding, type and size of a response that should carry body bytes, and returns
 * the sidecar state for the .part it will fill. Destroys the body and throws when it cannot be used.
 */
async function acceptResponse(job: FetchJob, start: ResumePoint, response: OpenedResponse): Promise<PartState> {
  try {
    return await checkResponse(job, start, response);
  } catch (error) {
    response.body.destroy();
    if (error instanceof AppError && (error.code === 'expired' || error.code === 'not_found' || removesPart(error))) {
      await removePart(job.paths);
    }
    throw error;
  }
}

async function checkResponse(job: FetchJob, start: ResumePoint, response: OpenedResponse): Promise<PartState> {
  const { status, headers } = response;
  const where = describeUrl(response.url);

  if (status !== 200 && status !== 206) throw statusError(status, headers, response.url, job.kind);

  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new AppError('bad_response', `Download failed: ${where} sent a ${encoding}-encoded body although identity encoding was requested.`, { status });
  }
  if (mediaTypeOf(headers['content-type']) === 'text/html') throw htmlError(response, where);

  const contentLength = parseContentLength(headers['content-length']);
  let totalBytes: number | null;
  if (status === 200) {
    if (start.offset > 0) log.info({ taskId: job.taskId, url: where }, 'file changed on the server (200 to a range request); restarting from zero');
    totalBytes = contentLength;
  } else {
    totalBytes = checkPartialContent(start, headers, contentLength, where);
  }
  if (totalBytes !== null && totalBytes > job.maxBytes) throw withPartRemoval(tooLargeError(where, job.maxBytes));

  return {
    etag: headers.etag ?? (status === 206 ? (start.state?.etag ?? null) : null),
    lastModified: headers['last-modified'] ?? (status === 206 ? (start.state?.lastModified ?? null) : null),
    totalBytes,
    contentType: headers['content-type'] ?? (status === 206 ? (start.state?.contentType ?? null) : null),
    url: response.url,
  };
}

/** Validates a 206 against the Range sent and returns the total size, when known. */
function checkPartialContent(start: ResumePoint, headers: IncomingHttpHeaders, contentLength: number | null, where: string): number | null {
  const range = parseContentRange(headers['content-range']);
  const sentRange = start.offset > 0;
  if (!sentRange || range === null || range.start !== start.offset || (contentLength !== null && contentLength !== range.end - range.start + 1)) {
    throw withPartRemoval(
      new AppError('bad_response', `Download failed: ${where} sent a partial response that does not match the requested range (content-range ${headers['content-range'] ?? 'missing'}, expected start ${start.offset}). The download restarts from zero on the next retry.`, { status: 206 }),
    );
  }
  return range.total ?? (contentLength === null ? null : start.offset + contentLength);
}

function parseContentRange(value: string | undefined): { start: number; end: number; total: number | null } | null {
  const match = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/i.exec(value.trim());
  if (!match) return null;
  const [, start, end, total] = match;
  return { start: Number(start), end: Number(end), total: total === '*' ? null : Number(total) };
}

/** Reads the current size from a 416's `Content-Range: bytes * /<size>`. */
function parseUnsatisfiedRange(value: string | undefined): number | null {
  const match = value === undefined ? null : /^bytes \*\/(\d+)$/i.exec(value.trim());
  return match ? Number(match[1]) : null;
}

function unusableResponseError(response: OpenedResponse, description: string): AppError {
  return new AppError('bad_response', `Download failed: ${describeUrl(response.url)} sent ${description} that the download cannot use. Try again later.`, {
    status: response.status,
  });
}
