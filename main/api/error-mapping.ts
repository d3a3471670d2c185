// Mapping of crun.ai failures to AppError codes: HTTP statuses, envelope codes, bodies that are
// not the expected JSON, and connection errors.
import type { ErrorCode } from '../../preload/contract.js';
import { AppError } from '../errors.js';

/** Facts about a failed request that its error message and log line name. */
export interface RequestContext {
  /** Endpoint name as the provider spells it: `CreateTask`, `TaskInfo`, `balance`. */
  endpoint: string;
  /** The task the request is about, when there is one. */
  taskId: string | null;
  /** Origin the request went to, for network messages. */
  origin: string;
}

/**
 * Maps a provider code (HTTP status or envelope code) to an AppError code, or returns null when
 * the code is unknown. 400, 403 and 408 are not in the provider's table, so they map to the
 * nearest documented meaning.
 */
export function codeForStatus(status: number): ErrorCode | null {
  switch (status) {
    case 400:
    case 422:
      return 'validation';
    case 401:
    case 403:
      return 'invalid_key';
    case 402:
      return 'insufficient_credits';
    case 404:
      return 'not_found';
    case 408:
      return 'timeout';
    case 429:
      return 'rate_limited';
    case 455:
      return 'maintenance';
    case 501:
      return 'generation_failed';
    case 505:
      return 'feature_disabled';
    default:
      return status >= 500 && status <= 599 ? 'server_error' : null;
  }
}

/**
 * Parses a Retry-After value, either delay seconds or an HTTP date, into milliseconds from
 * `nowMs`. Returns undefined when the header is missing or malformed, and 0 for a past date.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;

  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Every HTTP date format starts with a day name. Date.parse alone would also accept "-5".
  if (!/^[A-Za-z]/.test(text)) return undefined;
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

function subjectOf(context: RequestContext): string {
  return context.taskId === null ? context.endpoint : `${context.endpoint} for task ${context.taskId}`;
}

/**
 * Builds the AppError for a provider error code, whether it arrived as the HTTP status or as the
 * envelope code of an HTTP 200. `providerMessage` is the envelope's `message`, when there was one.
 */
export function errorForStatus(
  status: number,
  providerMessage: string | null,
  context: RequestContext,
  options: { viaEnvelope: boolean; retryAfterMs?: number | undefined },
): AppError {
  const code = codeForStatus(status) ?? 'bad_response';
  const source = options.viaEnvelope ? `code ${status} in an HTTP 200 response` : `HTTP ${status}`;
  const said = providerMessage ? `: ${providerMessage}` : '';
  const detail = `crun.ai ${context.endpoint} returned ${source}${said}`;
  const common = { status, detail, retryAfterMs: options.retryAfterMs };

  switch (code) {
    case 'validation':
      return new AppError(code, providerMessage || `crun.ai rejected the ${context.endpoint} request as invalid (${source}). Check the task id, song id and mode.`, common);
    case 'invalid_key':
      return new AppError(code, `crun.ai rejected the API key (${source}).`, { ...common, appAdvice: 'Check the key in Settings, or create a new one on crun.ai.' });
    case 'insufficient_credits':
      return new AppError(code, `The crun.ai account does not have enough credits (${source}). Top up the balance on crun.ai, then submit again.`, common);
    case 'not_found':
      return context.taskId === null
        ? new AppError(code, `crun.ai has no ${context.endpoint} endpoint at ${context.origin} (${source}). Check the API address: STEMCRATE_API_BASE for the app, --api-base for the command.`, common)
        : new AppError(code, `crun.ai has no task with id ${context.taskId} (${source}). Check the task id. The provider may have deleted the task.`, common);
    case 'timeout':
      return new AppError(code, `crun.ai timed out on ${subjectOf(context)} (${source}). Try again in a moment.`, common);
    case 'rate_limited': {
      const wait = options.retryAfterMs === undefined ? 'Wait a moment' : `Wait ${Math.ceil(options.retryAfterMs / 1000)} s`;
      return new AppError(code, `crun.ai rate limit reached on ${subjectOf(context)} (${source}). ${wait} before the next request.`, common);
    }
    case 'maintenance':
      return new AppError(code, `crun.ai is down for maintenance (${source}). Try again later.`, common);
    case 'server_error':
      return new AppError(code, `crun.ai had a server error on ${subjectOf(context)} (${source}${said}). Try again in a few minutes.`, common);
    case 'generation_failed':
      return new AppError(code, `crun.ai reports that ${subjectOf(context)} failed (${source}${said}). Submit the song again.`, common);
    case 'feature_disabled':
      return new AppError(code, `crun.ai has disabled this feature (${source}${said}). Try again later, or check crun.ai's announcements.`, common);
    default:
      return new AppError(
        'bad_response',
        `crun.ai sent an unexpected ${source} to ${subjectOf(context)}${said}. Try again later; if it keeps happening, check for a Stemcrate update.`,
        common,
      );
  }
}

/** Builds the `bad_response` error for a body that is not the expected JSON or shape. */
export function badResponse(context: RequestContext, status: number, problem: string, contentType: string | null): AppError {
  return new AppError(
    'bad_response',
    `crun.ai sent an unexpected response to ${subjectOf(context)} (HTTP ${status}, ${contentType ?? 'no content type'}): ${problem}. Try again later; if it keeps happening, check for a Stemcrate update.`,
    { status, detail: `${context.endpoint}: HTTP ${status}, content type ${contentType ?? 'none'}: ${problem}` },
  );
}

/**
 * Maps an error thrown by the HTTP client (got's RequestError and subclasses) to `timeout` or
 * `network`. The caller handles aborts and its own size limit before calling this.
 */
export function errorForRequestFailure(error: unknown, context: RequestContext, timeoutMs: number): AppError {
  const name = error instanceof Error ? error.name : '';
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : '';
  const reason = error instanceof Error ? error.message : String(error);

  if (name === 'TimeoutError') {
    return new AppError('timeout', `crun.ai did not respond to ${subjectOf(context)} within ${Math.round(timeoutMs / 1000)} s. Check the internet connection and try again.`, {
      cause: error,
      detail: `${context.endpoint} at ${context.origin}: ${reason}`,
    });
  }
  // Every other failure of got is a transport failure: ECONNREFUSED, ECONNRESET, ENOTFOUND and the like.
  const label = code || name || 'connection error';
  return new AppError('network', `Could not reach crun.ai at ${context.origin} for ${subjectOf(context)} (${label}). Check the internet connection and try again.`, {
    cause: error,
    detail: `${context.endpoint} at ${context.origin}: ${reason}`,
  });
}
