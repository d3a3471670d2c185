// The loopback host: serves the built renderer with the browser bridge injected, carries
// contract calls over HTTP and events over server-sent events, and serves library media.
// It binds to 127.0.0.1 only and refuses any request without its per-run token.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CHANNELS, type ChannelName } from '../../preload/contract.js';
import { toAppError } from '../../main/errors.js';
import { getLogger } from '../../main/log/logger.js';
import type { IpcRouter } from '../../main/ipc/types.js';

const log = getLogger('test-host');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const COOKIE = 'stemcrate_host_token';
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpHostOptions {
  router: IpcRouter;
  /** Folder of the built renderer (dist/renderer). */
  rendererDir: string;
  /** The built browser bridge (dist/host/bridge.js). */
  bridgeFile: string;
  port?: number;
}

export interface HttpHost {
  /** Origin of the host, without the token. */
  origin: string;
  /** URL to open: carries the token once, which the host turns into a same-site cookie. */
  url: string;
  token: string;
  /** Every drag request the renderer made, as resolved library files. */
  dragRequests: string[][];
  close(): Promise<void>;
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = randomBytes(24).toString('hex');
  const dragRequests: string[][] = [];
  const sseClients = new Set<http.ServerResponse>();
  const rendererRoot = await realpath(options.rendererDir);

  const unsubscribe = options.router.onEvent((event) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of sseClients) client.write(line);
  });

  const server = http.createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'host request failed');
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Internal error');
    });
  });

  let origin = '';

  function hasToken(request: http.IncomingMessage, url: URL): boolean {
    const offered = url.searchParams.get('token') ?? readCookie(request.headers.cookie, COOKIE) ?? '';
    const a = Buffer.from(offered);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    // A DNS-rebinding page would send another Host header; a cross-site form another Origin.
    if (request.headers.host !== new URL(origin).host) return refuse(response, 421, 'Wrong host');
    if (request.headers.origin && request.headers.origin !== origin) return refuse(response, 403, 'Wrong origin');
    if (!hasToken(request, url)) return refuse(response, 401, 'This host needs the token from the URL it printed.');

    if (url.searchParams.has('token')) {
      response.setHeader('set-cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }

    if (request.method === 'POST' && url.pathname.startsWith('/rpc/')) return handleRpc(request, response, url.pathname.slice(5));
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed');
    if (url.pathname === '/events') return handleEvents(request, response);
    if (url.pathname === '/__host/bridge.js') return sendFile(request, response, options.bridgeFile);
    if (url.pathname.startsWith('/media/')) {
      try {
        const file = await options.router.resolveMedia(url.pathname.slice('/media/'.length));
        return sendFile(request, response, file);
      } catch (error) {
        log.info({ path: url.pathname, code: toAppError(error).code }, 'media request refused');
        return refuse(response, 404, 'Not found');
      }
    }
    return serveRenderer(request, response, url.pathname);
  }

  async function handleRpc(request: http.IncomingMessage, response: http.ServerResponse, channel: string): Promise<void> {
    if (request.headers['content-type'] !== 'application/json') return refuse(response, 415, 'Expected application/json');
    const raw = await readBody(request);
    let args: unknown;
    try {
      args = JSON.parse(raw);
    } catch {
      return sendJson(response, 400, { ok: false, error: 'The request body is not JSON.' });
    }
    if (!Array.isArray(args)) return sendJson(response, 400, { ok: false, error: 'The request body must be an array of arguments.' });
    try {
      if (channel === CHANNELS.libraryStartDrag) {
        const files = await options.router.resolveDragFiles(args);
        dragRequests.push(files);
        return sendJson(response, 200, { ok: true, value: null });
      }
      const handler = options.router.handlers[channel as ChannelName];
      if (!handler) return sendJson(response, 404, { ok: false, error: `Unknown channel ${channel}` });
      return sendJson(response, 200, { ok: true, value: await handler(args) });
    } catch (error) {
      return sendJson(response, 400, { ok: false, error: toAppError(error).message });
    }
  }

  function handleEvents(request: http.IncomingMessage, response: http.ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    sseClients.add(response);
    request.on('close', () => sseClients.delete(response));
  }

  async function serveRenderer(request: http.IncomingMessage, response: http.ServerResponse, pathname: string): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const candidate = path.resolve(rendererRoot, relative);
    let file: string;
    try {
      file = await realpath(candidate);
    } catch {
      return refuse(response, 404, 'Not found');
    }
    if (!file.startsWith(rendererRoot + path.sep)) return refuse(response, 404, 'Not found');
    if (path.basename(file) === 'index.html') {
      // The bridge must define window.stemcrate before the renderer's module script runs.
      const html = (await readFile(file, 'utf8')).replace('<head>', '<head>\n    <script src="/__host/bridge.js"></script>');
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    return sendFile(request, response, file);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    dragRequests,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(message);
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Sends a file with single-range support, which audio elements need to seek. */
async function sendFile(request: http.IncomingMessage, response: http.ServerResponse, file: string): Promise<void> {
  const info = await stat(file);
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  const headers: http.OutgoingHttpHeaders = { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-store' };
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, info.size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), info.size - 1) : info.size - 1;
    if (start >= info.size || start > end) {
      response.writeHead(416, { 'content-range': `bytes */${info.size}` });
      response.end();
      return;
    }
    response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${info.size}`, 'content-length': end - start + 1 });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file, { start, end }).pipe(response);
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': info.size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file).pipe(response);
}
