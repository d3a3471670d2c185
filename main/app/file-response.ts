// HTTP-style responses for local files served through the app's custom schemes, with single byte
// ranges so that audio elements can seek without reading a stem from its start.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
};

/** Returns the Content-Type for a file name, `application/octet-stream` when the extension is unknown. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** An inclusive byte range, as in a Content-Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a Range header against a file of `size` bytes.
 * Returns the range to serve, `'unsatisfiable'` for a well-formed range that lies outside the file
 * (the caller responds 416), or null when the whole file should be served: no header, another
 * unit, several ranges, or a malformed value. RFC 9110 allows a server to ignore such headers.
 */
export function parseRangeHeader(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;

  if (first === '') {
    // Suffix range: the final `last` bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }

  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

export interface FileResponseOptions {
  method?: string;
  /** The request's Range header, when it has one. */
  range?: string | null;
  /** Headers added to every response for this file, for example a Content-Security-Policy. */
  headers?: Record<string, string>;
}

function bodyFor(filePath: string, range: ByteRange): ReadableStream<Uint8Array> {
  // Readable.toWeb destroys the file stream when the consumer cancels, which an audio element
  // does on every seek.
  return Readable.toWeb(createReadStream(filePath, { start: range.start, end: range.end })) as ReadableStream<Uint8Array>;
}

/**
 * Builds the response for a local file. The status is 200 with the whole file, 206 with one byte
 * range, 416 for a range outside the file, 404 when the path is not a readable regular file, and
 * 405 for methods other than GET and HEAD. HEAD responses have the headers without a body.
 */
export async function createFileResponse(filePath: string, options: FileResponseOptions = {}): Promise<Response> {
  const method = (options.method ?? 'GET').toUpperCase();
  const common: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', ...options.headers };
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...common, Allow: 'GET, HEAD' } });
  }

  let size: number;
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return new Response(null, { status: 404, headers: common });
    size = info.size;
  } catch {
    return new Response(null, { status: 404, headers: common });
  }

  const headers: Record<string, string> = {
    ...common,
    'Accept-Ranges': 'bytes',
    'Content-Type': contentTypeFor(filePath),
  };
  const range = parseRangeHeader(options.range, size);

  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }

  if (range === null) {
    headers['Content-Length'] = String(size);
    const body = method === 'HEAD' || size === 0 ? null : bodyFor(filePath, { start: 0, end: size - 1 });
    return new Response(body, { status: 200, headers });
  }

  headers['Content-Length'] = String(range.end - range.start + 1);
  headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
  const body = method === 'HEAD' ? null : bodyFor(filePath, range);
  return new Response(body, { status: 206, headers });
}
