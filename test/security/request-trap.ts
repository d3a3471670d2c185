// A loopback HTTP server that records every request and responds with 404. It plays another
// service on the user's machine, which a hostile API response must not make the app contact.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TrappedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface RequestTrap {
  /** Origin such as http://127.0.0.1:43123, without a trailing slash. */
  readonly url: string;
  readonly requests: readonly TrappedRequest[];
  close(): Promise<void>;
}

/** Starts a trap on 127.0.0.1 at a free port. */
export async function startRequestTrap(): Promise<RequestTrap> {
  const requests: TrappedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers });
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('trap: this request should never have been sent');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
