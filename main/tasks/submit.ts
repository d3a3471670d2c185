// Submitting a separation: look the song up, guard against paying twice, write the record as
// "submitting" before the create call, and store the task id the moment it arrives.
import { randomUUID } from 'node:crypto';
import type { AppErrorDto, DuplicateWarningDto, SubmitRequest } from '../../preload/contract.js';
import type { GenerationTaskInfo } from '../api/types.js';
import { AppError, toAppError } from '../errors.js';
import { describeCharge } from './charge-text.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { withBalance } from './poll-errors.js';
import { backoffDelayMs } from './poll-plan.js';
import { scheduleNextPoll } from './poll-task.js';
import type { TaskRecord } from './record.js';

const log = getLogger('submit');

/** Error codes after which the provider has certainly not created (nor charged) a task. */
const REJECTED_CODES = new Set([
  'no_key',
  'invalid_key',
  'insufficient_credits',
  'validation',
  'not_found',
  'feature_disabled',
  'maintenance',
  'rate_limited',
  'generation_failed',
  'invalid_argument',
]);
/** Connection errors raised before a request is sent, so the create call never reached the provider. */
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Create attempts when the provider responds 429, the first included. A rate-limited request is not processed. */
const MAX_CREATE_ATTEMPTS = 3;
/** Longest Retry-After the create call waits for before it gives up, ms. */
const MAX_CREATE_WAIT_MS = 60_000;

export async function submitSeparation(context: EngineContext, request: SubmitRequest): Promise<TaskRecord> {
  // The pair is reserved before the first await, so a double click cannot pass the guard twice.
  const pair = `${request.sunoId}|${request.mode}`;
  const inProgress = context.submissions.has(pair);
  if (inProgress && !request.confirmDuplicate) {
    throw new AppError('duplicate', `This song is being submitted in ${request.mode} mode right now; submitting it again costs another charge.`, {
      appAdvice: 'Confirm to separate it twice.',
      duplicate: { existingTaskIds: [], existingState: ['submitting'], estimatedCredits: lastCredits(context, request), balance: null },
    });
  }
  if (!inProgress) context.submissions.add(pair);
  try {
    return await submitReserved(context, request);
  } finally {
    if (!inProgress) context.submissions.delete(pair);
  }
}

async function submitReserved(context: EngineContext, request: SubmitRequest): Promise<TaskRecord> {
  // 1. Look the song up in its generation task; reject a suno_id the task does not contain.
  const generation = await context.client.getGenerationTask(request.generationTaskId);
  if (generation.status !== 'success') {
    throw new AppError(
      'validation',
      `Generation task ${request.generationTaskId} is "${generation.rawStatus}", not finished; wait until Suno has finished the song, then try again.`,
    );
  }
  const song = generation.songs.find((entry) => entry.sunoId === request.sunoId);
  if (!song) {
    const known = generation.songs.map((entry) => entry.sunoId).join(', ') || 'none';
    throw new AppError('validation', `Song ${request.sunoId} is not in generation task ${request.generationTaskId} (its songs: ${known}); pick one of those.`);
  }

  // 2. Duplicate guard: a song and mode already separated or in flight needs an explicit confirmation.
  if (!request.confirmDuplicate) {
    const warning = await findDuplicate(context, request);
    if (warning) {
      const cost = describeCharge(warning.estimatedCredits);
      const balance = warning.balance === null ? '' : ` The balance is ${warning.balance} credits.`;
      throw new AppError(
        'duplicate',
        `"${song.title || 'This song'}" is already separated or in progress in ${request.mode} mode; submitting again costs ${cost}.${balance}`,
        { duplicate: warning, appAdvice: 'Confirm to separate it again.' },
      );
    }
  }

  // 3. The record is on disk (flushed) before the request leaves, so a crash cannot lose a paid task.
  const now = context.clock.now();
  const record: TaskRecord = saveRecord(
    context,
    {
      id: randomUUID(),
      taskId: null,
      generationTaskId: request.generationTaskId,
      sunoId: request.sunoId,
      mode: request.mode,
      song: songSnapshot(generation, request.sunoId),
      state: 'submitting',
      providerStatus: null,
      createdAt: now,
      updatedAt: now,
      providerCreatedAt: null,
      completedAt: null,
      durationSeconds: null,
      credits: null,
      stems: [],
      rejectedStems: [],
      error: null,
      songId: null,
      pollCount: 0,
      failures: 0,
      lastPolledAt: null,
    },
    { durable: true },
  );

  // 4. Create the task; the id is stored the moment it arrives.
  let taskId: string;
  try {
    taskId = await createWithRateLimitRetries(context, record);
  } catch (error) {
    throw await handleCreateError(context, record, toAppError(error));
  }

  // The user may have cancelled the submission while the create call was out.
  const current = context.store.get(record.id) ?? record;
  const cancelled = current.state === 'cancelled';
  const saved = saveRecord(context, { ...current, taskId, state: cancelled ? 'cancelled' : 'pending' }, { durable: true });
  log.info({ taskId, recordId: record.id, mode: request.mode }, cancelled ? 'separation task created after the user cancelled it' : 'separation task created');
  if (!cancelled) scheduleNextPoll(context, saved);
  return saved;
}

/** Sends the create call, and sends it again after a 429 response (which the provider did not process) a few times. */
async function createWithRateLimitRetries(context: EngineContext, record: TaskRecord): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const { taskId } = await context.client.createSeparation({ generationTaskId: record.generationTaskId, sunoId: record.sunoId, mode: record.mode });
      return taskId;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code !== 'rate_limited' || attempt >= MAX_CREATE_ATTEMPTS) throw appError;
      const delay = appError.retryAfterMs ?? backoffDelayMs(attempt, 2_000, 30_000, context.random);
      if (delay > MAX_CREATE_WAIT_MS) throw appError;
      log.warn({ recordId: record.id, attempt, delayMs: delay }, 'create call rate limited; sending it again after the pause');
      await context.clock.sleep(delay);
    }
  }
}

/** Records the outcome of a failed create call and returns the error to throw. */
async function handleCreateError(context: EngineContext, record: TaskRecord, error: AppError): Promise<AppError> {
  if (!createCertainlyRejected(error)) {
    log.error({ recordId: record.id, code: error.code, err: error }, 'create call failed after it may have reached the provider');
    const saved = saveRecord(context, { ...record, state: 'maybe_submitted', error: maybeSubmittedError(record, error.message, error.code) }, { durable: true });
    return new AppError(error.code, saved.error?.message ?? error.message, { cause: error, ...(error.detail ? { detail: error.detail } : {}) });
  }

  // The provider rejected the request, or the request never left, so nothing was charged.
  log.warn({ recordId: record.id, code: error.code, status: error.status }, 'create call rejected; dropping the record');
  context.store.delete(record.id);
  context.emit({ type: 'task-removed', id: record.id });
  if (error.code === 'invalid_key' || error.code === 'no_key') context.keyRejected(error);
  if (error.code === 'insufficient_credits') {
    return new AppError(error.code, await withBalance(context, error.message), { cause: error, ...(error.detail ? { detail: error.detail } : {}) });
  }
  return error;
}

function createCertainlyRejected(error: AppError): boolean {
  if (REJECTED_CODES.has(error.code)) return true;
  if (error.code !== 'network') return false;
  const cause = error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' && NOT_SENT_NETWORK_CODES.has(cause.code);
}

/** Builds the error of a record whose create call may have been charged: the song, the time and the next step. */
export function maybeSubmittedError(record: TaskRecord, reason: string, code: AppErrorDto['code'] = 'network'): AppErrorDto {
  return {
    code,
    message: `"${record.song.title}" (${record.mode}) may have been submitted to crun.ai at ${formatUtc(record.createdAt)} (${reason}). Check your crun.ai task list before submitting it again; a new submission is charged again.`,
  };
}

/** Formats a clock time as `2026-01-01 12:00 UTC`. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

async function findDuplicate(context: EngineContext, request: SubmitRequest): Promise<DuplicateWarningDto | null> {
  const sameSong = context.store
    .all()
    .filter((record) => record.sunoId === request.sunoId && record.mode === request.mode)
    .filter((record) => !['failed', 'lost', 'cancelled', 'expired'].includes(record.state));
  const inLibrary = context.library.findBySunoId(request.sunoId)?.manifest.separations.filter((entry) => entry.mode === request.mode) ?? [];
  if (sameSong.length === 0 && inLibrary.length === 0) return null;

  let balance: number | null = null;
  try {
    balance = await context.client.getBalance();
  } catch (error) {
    log.warn({ err: toAppError(error) }, 'could not read the balance for the duplicate warning');
  }
  const taskIds = [...sameSong.map((record) => record.taskId ?? record.id), ...inLibrary.map((entry) => entry.taskId)];
  return {
    existingTaskIds: [...new Set(taskIds)],
    existingState: sameSong.map((record) => record.state),
    estimatedCredits: lastCredits(context, request),
    balance,
  };
}

/** Credits the most recent finished task of the mode cost, or null when none reported it. */
export function lastCredits(context: EngineContext, request: Pick<SubmitRequest, 'mode'>): number | null {
  const priced = context.store.all().filter((record) => record.mode === request.mode && record.credits !== null);
  return priced.at(-1)?.credits ?? null;
}

function songSnapshot(generation: GenerationTaskInfo, sunoId: string): TaskRecord['song'] {
  const song = generation.songs.find((entry) => entry.sunoId === sunoId);
  return {
    sunoId,
    generationTaskId: generation.taskId,
    title: song?.title || generation.title || 'Untitled',
    styleTags: song?.tags || generation.tags,
    prompt: generation.prompt,
    lyrics: generation.lyrics,
    model: song?.model ?? generation.model,
    durationSeconds: song?.durationSeconds ?? null,
    // The provider sends Unix seconds; the library stores ms since the epoch.
    createdAt: song?.createdAt == null ? null : song.createdAt * 1000,
    coverUrl: song?.imageLargeUrl ?? song?.imageUrl ?? null,
  };
}
