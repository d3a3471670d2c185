// One HTTP GET for a download: a got stream whose response headers have arrived and whose body has
// not been read yet. Redirects are followed here rather than by got, so each target is checked.
import type { IncomingHttpHeaders } from 'node:http';
import got, { type Request } from 'got';
import { AppError } from '../errors.js';

/** Redirects followed per request; a longer chain is a bad response. */
export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface OpenedResponse {
  /** The response body as a paused got stream; the caller must read it or destroy it. */
  body: Request;
  status: number;
  headers: IncomingHttpHeaders;
  /** URL of this response, after redirects. */
  url: string;
}

export interface ExchangeOptions {
  /** Extra request headers, sent again on every redirect hop. */
  headers: Record<string, string>;
  /** Limit for connecting, for the first response byte and for a stalled socket, in ms. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Throws for a URL the app must not fetch; applied to every redirect target too. */
  checkUrl?: (url: URL) => void;
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
  const body = got.stream(url, {
    headers: options.headers,
    followRedirect: false,
    throwHttpErrors: false,
    // The caller owns retries, and byte offsets must refer to the bytes on the wire.
    retry: { limit: 0 },
    decompress: false,
    timeout: { connect: options.timeoutMs, response: options.timeoutMs, socket: options.timeoutMs },
    signal: options.signal,
  });

  return new Promise<OpenedResponse>((resolve, reject) => {
    const onError = (error: Error): void => {
      body.off('response', onResponse);
      reject(error);
    };
    const onResponse = (response: { statusCode: number; headers: IncomingHttpHeaders; url: string }): void => {
      body.off('error', onError);
      // An error before the caller pipes the body would otherwise be unhandled and crash the
      // process. pipeline() still rejects with it, because the stream keeps it as its error state.
      body.on('error', () => {});
      resolve({ body, status: response.statusCode, headers: response.headers, url: response.url });
    };
    body.once('error', onError);
    body.once('response', onResponse);
  });
}
