// One HTTP GET for a download, sent with Node's http and https modules: a response whose headers
// have arrived and whose body has not been read yet. Redirects are followed here, so each target
// is checked. The API client uses got. The downloads use Node's client, because got's extra stream
// per response took about a tenth of the downloader's CPU time on the 12-stem set of
// test/bench/downloads.bench.ts (2 cores), and the downloader uses none of got's features.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { AppError } from '../errors.js';
import { markTransferError, TransferTimeoutError } from './download-errors.js';

/** Redirects followed per request; a longer chain is a bad response. */
export const MAX_REDIRECTS = 3;

const USER_AGENT = 'Stemcrate';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Keep-alive agents of the downloads alone, so a following download reuses the connection. The
// number of sockets needs no limit here, because the downloader's semaphore bounds the requests.
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

export interface OpenedResponse {
  /**
   * The response body, paused, which the caller must read or destroy. Every error it emits is
   * marked as a transfer error (see isConnectionError).
   */
  body: IncomingMessage;
  status: number;
  headers: IncomingHttpHeaders;
  /** URL of this response, after redirects. */
  url: string;
}

export interface ExchangeOptions {
  /** Extra request headers, sent again on every redirect hop. */
  headers: Record<string, string>;
  /**
   * Idle limit of the connection in ms: for connecting, for the response headers and between two
   * reads of the body. It ends the request with TransferTimeoutError.
   */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Throws for a URL the app must not fetch; applied to every redirect target too. */
  checkUrl?: (url: URL) => void;
}

/** Parses a Content-Length header; a missing or malformed one gives null. */
export function parseContentLength(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** Parses a URL and rejects anything but http: and https: with `invalid_argument`. */
export function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('invalid_argument', `Invalid download URL: ${url}. Expected an absolute http or https URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('invalid_argument', `Unsupported download URL scheme ${parsed.protocol} in ${url}. Only http and https URLs are downloaded.`);
  }
  return parsed;
}

/**
 * Sends a GET and follows up to MAX_REDIRECTS redirects, each only to http or https. Resolves
 * once the final response's headers have arrived, whatever its status.
 */
export async function openResponse(url: URL, options: ExchangeOptions): Promise<OpenedResponse> {
  let current = url;

  for (let hop = 0; ; hop++) {
    const opened = await openOnce(current, options);
    const location = opened.headers.location;
    if (!REDIRECT_STATUSES.has(opened.status) || location === undefined) return opened;

    opened.body.destroy();
    if (hop === MAX_REDIRECTS) {
      throw new AppError('bad_response', `Download failed: ${url.href} redirected more than ${MAX_REDIRECTS} times. The link may be broken; try again later.`, {
        status: opened.status,
      });
    }
    current = redirectTarget(current, location, opened.status);
    options.checkUrl?.(current);
  }
}

function redirectTarget(from: URL, location: string, status: number): URL {
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new AppError('bad_response', `Download failed: ${from.href} sent an invalid redirect location "${location}" (HTTP ${status}).`, { status });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new AppError('bad_response', `Download failed: ${from.href} redirected to a ${target.protocol} URL; only http and https redirects are followed.`, {
      status,
    });
  }
  return target;
}

function openOnce(url: URL, options: ExchangeOptions): Promise<OpenedResponse> {
  const transport = url.protocol === 'https:' ? https : http;

  return new Promise<OpenedResponse>((resolve, reject) => {
    let response: IncomingMessage | undefined;
    const request = transport.get(url, {
      agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
      headers: { 'user-agent': USER_AGENT, ...options.headers },
      timeout: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });

    request.on('error', (error) => {
      markTransferError(error);
      // After the headers, the body's reader must see the error, for example a parse error in the
      // body or the timeout below. Destroying a body that has already ended does nothing.
      if (response === undefined) reject(error);
      else response.destroy(error);
    });
    request.on('timeout', () => {
      const error = new TransferTimeoutError(options.timeoutMs);
      // Destroying the body first makes it fail with the timeout, not with the reset that
      // destroying the socket would give it.
      response?.destroy(error);
      request.destroy(error);
    });
    request.once('response', (incoming) => {
      response = incoming;
      // This listener also keeps an error before the caller pipes the body from being unhandled,
      // which would crash the process. pipeline() still rejects with it, because the stream keeps
      // it as its error state.
      incoming.on('error', markTransferError);
      resolve({ body: incoming, status: incoming.statusCode ?? 0, headers: incoming.headers, url: url.href });
    });
  });
}
