// Talks to the loopback host as the renderer's bridge does (POST /rpc/<channel> with the token
// cookie, events from /events) and keeps every response body and event byte it receives.
import http from 'node:http';

export interface RpcResponse {
  status: number;
  /** The parsed body: `{ ok: true, value }` or `{ ok: false, error }`. */
  body: { ok: boolean; value?: unknown; error?: unknown };
}

/** Name of the cookie the host sets from the token in the URL it prints. */
const TOKEN_COOKIE = 'stemcrate_host_token';
/** Maximum wait for one call, in ms. Calls that reach the simulator take a few ms. */
const CALL_TIMEOUT_MS = 30_000;

export class HostSession {
  /** Every response body received, as sent, with the channel it belongs to. */
  readonly responses: { channel: string; text: string }[] = [];
  private eventChunks: string[] = [];
  private eventRequest: http.ClientRequest | null = null;

  constructor(
    private readonly origin: string,
    private readonly token: string,
  ) {}

  /** Everything the event stream has sent so far. */
  get eventText(): string {
    return this.eventChunks.join('');
  }

  /** Calls a channel with JSON arguments and returns the host's response. */
  call(channel: string, ...args: unknown[]): Promise<RpcResponse> {
    return this.callRaw(channel, JSON.stringify(args));
  }

  /** Calls a channel with `bodyText` as the request body, for bodies that are not valid arguments. */
  async callRaw(channel: string, bodyText: string): Promise<RpcResponse> {
    const { status, text } = await this.request('POST', `/rpc/${channel}`, bodyText);
    this.responses.push({ channel, text });
    return { status, body: JSON.parse(text) as RpcResponse['body'] };
  }

  /** Opens the event stream and resolves once the host has accepted it. */
  openEvents(): Promise<void> {
    return new Promise((resolve, reject) => {
      const request = http.request(`${this.origin}/events`, { headers: { cookie: `${TOKEN_COOKIE}=${this.token}` } }, (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`the event stream returned HTTP ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => this.eventChunks.push(chunk));
        resolve();
      });
      request.on('error', (error) => {
        if (this.eventRequest === null) reject(error);
      });
      request.end();
      this.eventRequest = request;
    });
  }

  closeEvents(): void {
    this.eventRequest?.destroy();
  }

  private request(method: string, pathname: string, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.origin}${pathname}`,
        {
          method,
          headers: { 'content-type': 'application/json', cookie: `${TOKEN_COOKIE}=${this.token}` },
          timeout: CALL_TIMEOUT_MS,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`${method} ${pathname} timed out after ${CALL_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}
