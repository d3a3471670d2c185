// Maps HTTP statuses, transfer errors and file-system errors of a download to AppErrors with the
// contract's codes, each message naming the file or folder and what to do next.
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../errors.js';
import type { DownloadKind } from './types.js';

/**
 * Returns the URL without its query string and fragment, because signed download links carry
 * tokens there that do not belong in logs or messages.
 */
export function describeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

// Errors after which the .part cannot be resumed, so the next attempt must start from zero.
const errorsRemovingPart = new WeakSet<AppError>();

/** Marks an error as one after which the .part is removed. */
export function withPartRemoval(error: AppError): AppError {
  errorsRemovingPart.add(error);
  return error;
}

export function removesPart(error: unknown): boolean {
  return error instanceof AppError && errorsRemovingPart.has(error);
}

/** Returns the AppError for an HTTP status that carries no usable body (anything but 200, 206 and 416). */
export function statusError(status: number, headers: IncomingHttpHeaders, url: string, kind: DownloadKind): AppError {
  const where = describeUrl(url);

  if (status === 403 || status === 404 || status === 410) {
    if (kind === 'stem') {
      return new AppError('expired', `The provider no longer has this file (HTTP ${status} for ${where}); links expire 14 days after the separation. Run the separation again to get new stems.`, { status });
    }
    return new AppError('not_found', `Cover image not found (HTTP ${status} for ${where}). The song keeps its stems; the cover can be added later.`, { status });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    return new AppError('rate_limited', `The download server is rate limiting requests (HTTP 429 for ${where}). The download resumes later.`, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status >= 500) {
    return new AppError('server_error', `The download server failed (HTTP ${status} for ${where}). The download resumes on the next retry.`, { status });
  }
  return new AppError('bad_response', `Download failed: unexpected HTTP ${status} for ${where}.`, {
    status,
    detail: `content-type: ${headers['content-type'] ?? 'none'}`,
  });
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Tells whether an error is Node's HTTP parser rejecting the bytes the server sent. */
function isHttpParseError(error: unknown): boolean {
  return errnoCode(error)?.startsWith('HPE_') === true;
}

// Errors raised by the HTTP request or its response body, as opposed to file-system errors. Both
// kinds carry errno codes (ECONNREFUSED comes with syscall `connect`), so the origin is recorded.
const transferErrors = new WeakSet<object>();

/** Marks an error as raised by the HTTP request or response of a download. */
export function markTransferError(error: unknown): void {
  if (typeof error === 'object' && error !== null) transferErrors.add(error);
}

function isTransferError(error: unknown): error is Error {
  return typeof error === 'object' && error !== null && transferErrors.has(error);
}

/** The connection stayed idle (connecting, awaiting headers or between body reads) for `timeoutMs`. */
export class TransferTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(readonly timeoutMs: number) {
    super(`no data for ${timeoutMs} ms`);
    this.name = 'TransferTimeoutError';
    markTransferError(this);
  }
}

/** Tells whether a transfer error means the connection failed or dropped, so resuming may succeed. */
export function isConnectionError(error: unknown): boolean {
  return isTransferError(error) && !(error instanceof TransferTimeoutError) && !isHttpParseError(error);
}

export interface FailureContext {
  url: string;
  directory: string;
  /** Bytes still missing from the file, when the total is known. */
  bytesNeeded: number | null;
  timeoutMs: number;
}

/** Converts an error thrown during a transfer into an AppError; AppErrors pass through unchanged. */
export function toDownloadError(error: unknown, context: FailureContext): AppError {
  if (error instanceof AppError) return error;

  const where = describeUrl(context.url);
  const code = errnoCode(error);
  const reason = error instanceof Error ? error.message : String(error);

  if (error instanceof TransferTimeoutError) {
    const limit = context.timeoutMs < 1000 ? `${context.timeoutMs} ms` : `${Math.round(context.timeoutMs / 1000)} s`;
    return new AppError('network', `Download timed out: ${where} sent nothing for ${limit}. The download resumes on the next retry.`, {
      cause: error,
      detail: reason,
    });
  }
  if (isTransferError(error) && isHttpParseError(error)) {
    return new AppError('bad_response', `Download failed: ${where} sent a malformed HTTP response (${reason}), for example more bytes than its Content-Length. Try again later.`, {
      cause: error,
    });
  }
  if (isTransferError(error)) {
    return new AppError('network', `Download of ${where} failed: ${reason}. The download resumes on the next retry; if this keeps happening, check the internet connection.`, {
      cause: error,
    });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const needed = context.bytesNeeded === null ? 'an unknown number of bytes' : `${context.bytesNeeded} more bytes`;
    return new AppError('disk_full', `The disk holding ${context.directory} is full; the download needs ${needed}. Free some space; the download then resumes where it stopped.`, {
      cause: error,
      detail: reason,
    });
  }
  if (code !== undefined && typeof (error as { syscall?: unknown }).syscall === 'string') {
    return new AppError('storage', `Could not write the download into ${context.directory}: ${reason}. Check that the folder exists and is writable.`, {
      cause: error,
    });
  }
  return new AppError('internal', `Unexpected error while downloading ${where}: ${reason}`, { cause: error });
}
