// Loopback HTTP server for the download tests: serves byte buffers with real Range and If-Range
// handling, can misbehave on request (drop the connection, misstate Content-Length, change the
// ETag), and records every request and the peak number of requests in flight.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ServedFile {
  body: Buffer;
  /** Default `audio/mpeg`; null sends no Content-Type. */
  contentType?: string | null;
  /** Default `"v1"`; null sends no ETag. */
  etag?: string | null;
  lastModified?: string | null;
  /** Destroys the socket after this many body bytes, on the first `dropTimes` requests (default 1). */
  dropAfterBytes?: number;
  dropTimes?: number;
  /**
   * Awaited between sending `dropAfterBytes` bytes and dropping the connection, with the 1-based
   * request number. A test uses it to drop only after the client has written those bytes to disk.
   */
  dropWhen?: (requestNumber: number) => Promise<void>;
  /** Added to the true Content-Length: positive promises more bytes than sent, negative fewer. */
  contentLengthDelta?: number;
  /**
   * Awaited before the response starts, with the 1-based request number. A test uses it to hold
   * responses until several requests are in flight.
   */
  startWhen?: (requestNumber: number) => Promise<void>;
  /** Pause between 16 KiB chunks, in ms, so that transfers overlap in time. */
  chunkDelayMs?: number;
  /**
   * On the first request only: after this many body bytes, sends 1 KiB every 20 ms until the
   * client disconnects, so a test can abort a transfer that is certain to be still running.
   */
  trickleAfterBytes?: number;
}

export interface LoggedRequest {
  path: string;
  range: string | undefined;
  ifRange: string | undefined;
  acceptEncoding: string | undefined;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const CHUNK_BYTES = 16 * 1024;

export class LoopbackServer {
  readonly requests: LoggedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly handlers = new Map<string, Handler>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((request, response) => this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(pathAndQuery: string): string {
    return `http://127.0.0.1:${this.port}${pathAndQuery}`;
  }

  route(path: string, handler: Handler): void {
    this.handlers.set(path, handler);
  }

  /** Serves `file` at `path` with Range support; returns the live settings so tests can change them. */
  serveFile(path: string, file: ServedFile): ServedFile {
    let requestCount = 0;
    this.route(path, (request, response) => {
      requestCount += 1;
      const requestNumber = requestCount;
      if (file.startWhen === undefined) {
        sendFile(request, response, file, requestNumber);
        return;
      }
      void file.startWhen(requestNumber).then(() => sendFile(request, response, file, requestNumber));
    });
    return file;
  }

  requestsFor(path: string): LoggedRequest[] {
    return this.requests.filter((entry) => entry.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    this.requests.push({
      path,
      range: request.headers.range,
      ifRange: firstValue(request.headers['if-range']),
      acceptEncoding: request.headers['accept-encoding'],
    });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => {
      this.inFlight -= 1;
    });

    const handler = this.handlers.get(path);
    if (!handler) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('no such test route');
      return;
    }
    handler(request, response);
  }
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: ServedFile, requestCount: number): void {
  const size = file.body.length;
  const etag = file.etag === undefined ? '"v1"' : file.etag;
  const headers: Record<string, string | number> = {};
  const contentType = file.contentType === undefined ? 'audio/mpeg' : file.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  if (etag !== null) headers.etag = etag;
  if (file.lastModified) headers['last-modified'] = file.lastModified;
  headers['accept-ranges'] = 'bytes';

  let start = 0;
  let status = 200;
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  const ifRange = firstValue(request.headers['if-range']);
  const validatorMatches = ifRange === undefined || ifRange === etag || (file.lastModified !== undefined && ifRange === file.lastModified);
  if (range && validatorMatches) {
    start = Number(range[1]);
    if (start >= size) {
      response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${size - 1}/${size}`;
  }

  const body = file.body.subarray(start);
  headers['content-length'] = body.length + (file.contentLengthDelta ?? 0);
  response.writeHead(status, headers);

  if (file.trickleAfterBytes !== undefined && requestCount === 1) {
    response.write(body.subarray(0, file.trickleAfterBytes));
    let offset = file.trickleAfterBytes;
    const timer = setInterval(() => {
      if (offset >= body.length) return;
      response.write(body.subarray(offset, offset + 1024));
      offset += 1024;
    }, 20);
    response.on('close', () => clearInterval(timer));
    return;
  }

  const dropping = file.dropAfterBytes !== undefined && requestCount <= (file.dropTimes ?? 1);
  const limit = dropping ? Math.min(body.length, file.dropAfterBytes ?? 0) : body.length;
  writeChunks(response, body.subarray(0, limit), file.chunkDelayMs ?? 0, () => {
    if ((file.contentLengthDelta ?? 0) > 0) {
      // The body is shorter than promised: close the connection, as a failing server would.
      response.socket?.end();
      return;
    }
    if (!dropping) {
      response.end();
      return;
    }
    const ready = file.dropWhen ? file.dropWhen(requestCount) : Promise.resolve();
    void ready.finally(() => response.socket?.destroy());
  });
}

function writeChunks(response: ServerResponse, body: Buffer, delayMs: number, done: () => void): void {
  let offset = 0;
  const next = (): void => {
    if (response.destroyed) return;
    if (offset >= body.length) {
      done();
      return;
    }
    const chunk = body.subarray(offset, offset + CHUNK_BYTES);
    offset += chunk.length;
    const canContinue = response.write(chunk);
    const proceed = (): void => {
      // After the last chunk the response ends at once: a pause there would keep the request in
      // flight after the client has every byte, and inflate `maxInFlight`.
      if (offset >= body.length) done();
      else if (delayMs > 0) setTimeout(next, delayMs);
      else setImmediate(next);
    };
    if (canContinue) proceed();
    else response.once('drain', proceed);
  };
  next();
}

function firstValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
