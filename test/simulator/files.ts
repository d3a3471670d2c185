// Static file responses of the simulator's CDN side: ETag, Last-Modified, Range and If-Range.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** Folder of the committed fixtures (test/fixtures/). */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

const cache = new Map<string, Buffer>();

/** Reads a fixture once and keeps it in memory. Fixtures are a few tens of kilobytes each. */
export function readFixture(relativePath: string): Buffer {
  let content = cache.get(relativePath);
  if (!content) {
    content = readFileSync(`${FIXTURES_DIR}${relativePath}`);
    cache.set(relativePath, content);
  }
  return content;
}

export interface ServedFile {
  content: Buffer;
  contentType: string;
  /** Distinguishes resources with equal content, such as the same stem of two tasks. */
  identity: string;
  /** Clock milliseconds sent as Last-Modified. */
  lastModifiedMs: number;
}

type ByteRange = { start: number; end: number };

/**
 * Parses a single `bytes=` range against `size`. Returns null when the header should be ignored
 * (malformed, another unit, or several ranges, which RFC 9110 allows a server to ignore) and
 * 'unsatisfiable' when no byte of the range exists.
 */
export function parseRange(header: string, size: number): ByteRange | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;

  if (first === '') {
    const suffixLength = Number(last);
    if (suffixLength === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffixLength), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Sends `file` (headers only for HEAD), honouring Range and If-Range with 206 and 416. */
export function sendFile(request: IncomingMessage, response: ServerResponse, file: ServedFile): void {
  const size = file.content.length;
  const etag = `"${createHash('sha256').update(file.identity).update(file.content).digest('hex').slice(0, 32)}"`;
  const lastModified = new Date(file.lastModifiedMs).toUTCString();
  const headers: Record<string, string | number> = {
    'content-type': file.contentType,
    etag,
    'last-modified': lastModified,
    'accept-ranges': 'bytes',
  };

  let range: ReturnType<typeof parseRange> = null;
  const rangeHeader = request.headers.range;
  if (rangeHeader !== undefined) {
    // If-Range contains an ETag or a date, and the range applies only while it still matches.
    const ifRange = request.headers['if-range'];
    const stillValid = ifRange === undefined || ifRange === etag || ifRange === lastModified;
    if (stillValid) range = parseRange(rangeHeader, size);
  }

  if (range === 'unsatisfiable') {
    response.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': 0 });
    response.end();
    return;
  }

  const body = range === null ? file.content : file.content.subarray(range.start, range.end + 1);
  if (range !== null) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  headers['content-length'] = body.length;
  response.writeHead(range === null ? 200 : 206, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}
