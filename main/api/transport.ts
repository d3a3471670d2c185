// One HTTP exchange with crun.ai through got: no redirects, no automatic retries, a timeout and a
// size limit on the response body. Turns transport failures into AppError `network` or `timeout`.
import got from 'got';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../errors.js';
import { badResponse, errorForRequestFailure, type RequestContext } from './error-mapping.js';

/** Maximum response body size, in bytes. Task and balance responses are a few kilobytes. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: URL;
  apiKey: string;
  userAgent: string;
  timeoutMs: number;
  /** JSON body of a POST. */
  body?: unknown;
  signal?: AbortSignal;
  context: RequestContext;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  contentType: string | null;
  body: string;
}

/**
 * Sends one request and returns the response whatever its status. Throws the caller's abort
 * reason when `signal` aborts, `bad_response` when the body passes MAX_RESPONSE_BYTES, and
 * `timeout` or `network` when the exchange fails.
 */
export async function sendRequest(request: TransportRequest): Promise<TransportResponse> {
  const { signal, context } = request;
  if (signal?.aborted) throw signal.reason;

  // got aborts on this controller, so the caller's signal and the size limit can both stop a request.
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onCallerAbort, { once: true });
  let tooLarge = false;
  let status = 0;

  try {
    const promise = got(request.url, {
      method: request.method,
      headers: {
        'x-api-key': request.apiKey,
        accept: 'application/json',
        'accept-encoding': 'identity',
        'user-agent': request.userAgent,
      },
      ...(request.body === undefined ? {} : { json: request.body }),
      responseType: 'text',
      throwHttpErrors: false,
      // A redirect could carry the key to another origin, so a 3xx is returned as it is.
      followRedirect: false,
      // Retries belong to withRetry, whose callers decide which requests are idempotent.
      retry: { limit: 0 },
      timeout: { request: request.timeoutMs },
      // Identity encoding only, so the size limit counts the bytes that are parsed. A compressed
      // body could expand far past MAX_RESPONSE_BYTES after the check.
      decompress: false,
      signal: controller.signal,
    });
    promise.on('response', (response: { statusCode: number }) => {
      status = response.statusCode;
    });
    promise.on('downloadProgress', (progress) => {
      if (progress.transferred > MAX_RESPONSE_BYTES || (progress.total ?? 0) > MAX_RESPONSE_BYTES) {
        tooLarge = true;
        controller.abort(new Error('response body too large'));
      }
    });

    const response = await promise;
    const contentType = response.headers['content-type'] ?? null;
    return { status: response.statusCode, headers: response.headers, contentType, body: response.body };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (tooLarge) throw badResponse(context, status, `the body is larger than ${MAX_RESPONSE_BYTES} bytes`, null);
    if (error instanceof AppError) throw error;
    throw errorForRequestFailure(error, context, request.timeoutMs);
  } finally {
    signal?.removeEventListener('abort', onCallerAbort);
  }
}
