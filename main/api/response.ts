// Reading a crun.ai response: the HTTP status and the envelope code are both checked, the body is
// parsed as JSON, and `data` is validated. Every rejected response is logged with its raw body.
import type { z } from 'zod';
import type { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { badResponse, codeForStatus, errorForStatus, parseRetryAfter, type RequestContext } from './error-mapping.js';
import { describeIssues, envelopeSchema } from './schemas.js';
import type { TransportResponse } from './transport.js';

/** How much of a rejected body goes into the log, in characters. */
const LOGGED_BODY_CHARS = 2048;

const log = getLogger('api-response');

/** Logs a rejected response with its body cut to 2 KB. The logger removes the API key. */
function logRejected(response: TransportResponse, context: RequestContext, error: AppError): AppError {
  const body = response.body.length > LOGGED_BODY_CHARS ? `${response.body.slice(0, LOGGED_BODY_CHARS)}… (${response.body.length} characters)` : response.body;
  log.warn(
    { endpoint: context.endpoint, taskId: context.taskId, status: response.status, contentType: response.contentType, code: error.code, body },
    `crun.ai ${context.endpoint} response rejected: ${error.message}`,
  );
  return error;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Returns the envelope's `message` when `value` looks like an envelope, else null. */
function envelopeMessage(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const message = (value as { message?: unknown }).message;
  return typeof message === 'string' && message.trim() !== '' ? message.slice(0, 2000) : null;
}

/**
 * Returns `data` of a successful response, or throws the AppError that matches the response.
 * An error status (HTTP 4xx/5xx, or an envelope code other than 200) decides the error code even
 * when the body is not JSON, so a proxy's HTML page on HTTP 502 is still a retryable
 * `server_error`. A body that is not JSON on any other status is `bad_response`.
 */
export function readEnvelopeData(response: TransportResponse, context: RequestContext, nowMs: number): unknown {
  const { status, contentType } = response;
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);

  if (status >= 300 && status <= 399) {
    const location = response.headers.location ?? 'no location';
    const problem = `a redirect to ${location}, which is not followed so the API key stays with the configured API address`;
    throw logRejected(response, context, badResponse(context, status, problem, contentType));
  }

  const json = parseJson(response.body);
  if (status < 200 || status > 299) {
    const providerMessage = json.ok ? envelopeMessage(json.value) : null;
    const error =
      codeForStatus(status) === null && !json.ok
        ? badResponse(context, status, 'the body is not JSON', contentType)
        : errorForStatus(status, providerMessage, context, { viaEnvelope: false, retryAfterMs });
    throw logRejected(response, context, error);
  }

  if (!json.ok) throw logRejected(response, context, badResponse(context, status, 'the body is not JSON', contentType));
  const envelope = envelopeSchema.safeParse(json.value);
  if (!envelope.success) {
    throw logRejected(response, context, badResponse(context, status, `the envelope is invalid (${describeIssues(envelope.error, 'body')})`, contentType));
  }
  if (envelope.data.code !== 200) {
    const error = errorForStatus(envelope.data.code, envelope.data.message, context, { viaEnvelope: true, retryAfterMs });
    throw logRejected(response, context, error);
  }
  return envelope.data.data;
}

/** Validates `data` against `schema`, throwing `bad_response` with the zod issue paths. */
export function parseData<Schema extends z.ZodType>(schema: Schema, data: unknown, response: TransportResponse, context: RequestContext): z.output<Schema> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw logRejected(response, context, badResponse(context, response.status, `unexpected data (${describeIssues(parsed.error, 'data')})`, response.contentType));
  }
  return parsed.data;
}
