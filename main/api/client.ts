// The crun.ai client: builds each request, sends it through the API key's shared rate limiter, and
// returns validated domain values or throws AppError.
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { registerSecret } from '../log/redact.js';
import { systemClock, type Clock } from '../util/clock.js';
import { endpointUrl, parseApiBase } from './api-base.js';
import type { RequestContext } from './error-mapping.js';
import { keyFingerprint } from './key-fingerprint.js';
import { limiterForKey, type RateLimiter } from './rate-limiter.js';
import { parseData, readEnvelopeData } from './response.js';
import { balanceSchema, createResponseSchema, generationDataSchema, separationDataSchema } from './schemas.js';
import { toGenerationTaskInfo, toSeparationTaskInfo } from './task-info.js';
import { sendRequest, type TransportResponse } from './transport.js';
import { SEPARATION_MODEL, type CreateSeparationInput, type CrunClient } from './types.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'Stemcrate';

/** Pause of every request with the key after a 429 without Retry-After, in ms. */
const RATE_LIMIT_PAUSE_MS = 1000;

const CREATE_TASK_PATH = '/api/v1/client/job/CreateTask';
const TASK_INFO_PATH = '/api/v1/client/job/TaskInfo';
const BALANCE_PATH = '/api/v1/client/account/balance';

const log = getLogger('api-client');

export interface CrunClientOptions {
  /** Scheme, host and optional path of the API, such as https://api.crun.ai. */
  apiBase: string;
  /** Returns the current API key, or null when none is set. Called before every request. */
  getKey: () => Promise<string | null>;
  /** Limiter for every request. Default: `limiterFor`, else the registry's limiter for the key in use. */
  limiter?: RateLimiter;
  /** Returns the limiter for a key fingerprint, so the owner (the core) chooses its rate and clock. */
  limiterFor?: (fingerprint: string) => RateLimiter;
  /**
   * Fingerprints of keys the API rejected (401 or 403). The client adds to the set and sends no
   * request with a key in it. The owner clears it when the user sets a key again.
   */
  rejectedKeys?: Set<string>;
  clock?: Clock;
  /** Time allowed for one whole request, in ms. Default 30,000. */
  timeoutMs?: number;
  /** User-Agent header value. Default `Stemcrate`. */
  userAgent?: string;
}

interface CallOptions {
  method: 'GET' | 'POST';
  endpoint: string;
  path: string;
  taskId: string | null;
  query?: Record<string, string>;
  body?: unknown;
  signal: AbortSignal | undefined;
}

interface CallResult {
  data: unknown;
  response: TransportResponse;
  context: RequestContext;
}

/** Trims an id the caller passes in and rejects values that cannot be a provider id. */
function requireId(value: unknown, name: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || text.length > 200 || !/^[\x21-\x7e]+$/.test(text)) {
    throw new AppError('invalid_argument', `The ${name} "${String(value).slice(0, 80)}" is invalid. Paste the id exactly as crun.ai shows it (printable characters, no spaces).`);
  }
  return text;
}

/** Returns the parsed API base, or the AppError that every call of a client for it throws. */
function parseApiBaseOrError(apiBase: string): URL | AppError {
  try {
    return parseApiBase(apiBase);
  } catch (error) {
    return error instanceof AppError ? error : new AppError('invalid_argument', `The API address "${apiBase}" is invalid. Set STEMCRATE_API_BASE (or the command's --api-base) to https://api.crun.ai.`, { cause: error });
  }
}

/**
 * Creates a client for the API at `options.apiBase`. An apiBase that may not carry the key (not
 * https, and not http to a loopback host) makes every call throw `invalid_argument`, so a bad
 * setting is reported where it is used instead of stopping the app at start-up.
 */
export function createCrunClient(options: CrunClientOptions): CrunClient {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  const parsedBase = parseApiBaseOrError(options.apiBase);

  async function call(request: CallOptions): Promise<CallResult> {
    if (parsedBase instanceof AppError) throw parsedBase;
    const base = parsedBase;
    const context: RequestContext = { endpoint: request.endpoint, taskId: request.taskId, origin: base.origin };

    const apiKey = await options.getKey();
    if (!apiKey) throw new AppError('no_key', 'No crun.ai API key is set.', { appAdvice: 'Add your key in Settings.' });
    registerSecret(apiKey);
    const fingerprint = keyFingerprint(apiKey);
    if (options.rejectedKeys?.has(fingerprint)) {
      throw new AppError('invalid_key', 'crun.ai rejected this API key, so Stemcrate sends no more requests with it.', { appAdvice: 'Set a new key in Settings.' });
    }

    const limiter = options.limiter ?? options.limiterFor?.(fingerprint) ?? limiterForKey(fingerprint, { clock });
    await limiter.acquire(request.signal);

    try {
      const response = await sendRequest({
        method: request.method,
        url: endpointUrl(base, request.path, request.query),
        apiKey,
        userAgent,
        timeoutMs,
        body: request.body,
        signal: request.signal,
        context,
      });
      const data = readEnvelopeData(response, context, clock.now());
      return { data, response, context };
    } catch (error) {
      if (error instanceof AppError) {
        // Every request with this key shares the limiter, so one 429 slows them all down.
        if (error.code === 'rate_limited') limiter.pauseFor(error.retryAfterMs ?? RATE_LIMIT_PAUSE_MS);
        if (error.code === 'invalid_key') options.rejectedKeys?.add(fingerprint);
        if (error.code === 'network' || error.code === 'timeout') {
          log.warn({ endpoint: request.endpoint, taskId: request.taskId, code: error.code, error: error.detail ?? error.message }, `crun.ai ${request.endpoint} request failed`);
        }
      }
      throw error;
    }
  }

  return {
    async createSeparation(input: CreateSeparationInput, signal?: AbortSignal) {
      const generationTaskId = requireId(input.generationTaskId, 'generation task id');
      const sunoId = requireId(input.sunoId, 'song id');
      if (input.mode !== 'vocal' && input.mode !== 'instrumental') {
        throw new AppError('invalid_argument', `The separation mode "${String(input.mode)}" is invalid. Use "vocal" or "instrumental".`);
      }

      // One request, never retried here: a retry after a lost response could be charged twice.
      const { data, response, context } = await call({
        method: 'POST',
        endpoint: 'CreateTask',
        path: CREATE_TASK_PATH,
        taskId: generationTaskId,
        body: { model: SEPARATION_MODEL, callback_url: '', input: { task_id: generationTaskId, suno_id: sunoId, mode: input.mode } },
        signal,
      });
      const created = parseData(createResponseSchema, data, response, context);
      log.info({ taskId: created.task_id, generationTaskId, sunoId, mode: input.mode }, 'Created crun.ai separation task');
      return { taskId: created.task_id };
    },

    async getSeparationTask(taskId: string, signal?: AbortSignal) {
      const id = requireId(taskId, 'task id');
      const { data, response, context } = await call({ method: 'GET', endpoint: 'TaskInfo', path: TASK_INFO_PATH, taskId: id, query: { task_id: id }, signal });
      return toSeparationTaskInfo(parseData(separationDataSchema, data, response, context));
    },

    async getGenerationTask(taskId: string, signal?: AbortSignal) {
      const id = requireId(taskId, 'generation task id');
      const { data, response, context } = await call({ method: 'GET', endpoint: 'TaskInfo', path: TASK_INFO_PATH, taskId: id, query: { task_id: id }, signal });
      return toGenerationTaskInfo(parseData(generationDataSchema, data, response, context));
    },

    async getBalance(signal?: AbortSignal) {
      const { data, response, context } = await call({ method: 'GET', endpoint: 'balance', path: BALANCE_PATH, taskId: null, signal });
      return parseData(balanceSchema, data, response, context).balance;
    },
  };
}
