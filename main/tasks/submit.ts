// Submitting a separation: look the song up, guard against paying twice, write the record as
// "submitting" before the create call, and store the task id the moment it arrives.
import { randomUUID } from 'node:crypto';
import type { DuplicateWarningDto, SubmitRequest } from '../../preload/contract.js';
import type { GenerationTaskInfo } from '../api/types.js';
import { AppError, toAppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { scheduleNextPoll } from './poll-task.js';
import type { TaskRecord } from './record.js';

const log = getLogger('submit');

/** Errors after which the create call may still have reached the provider (and been charged). */
const AMBIGUOUS_CODES = new Set(['network', 'timeout', 'bad_response', 'server_error']);

export async function submitSeparation(context: EngineContext, request: SubmitRequest): Promise<TaskRecord> {
  // 1. Look the song up in its generation task; refuse a suno_id the task does not contain.
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
    throw new AppError(
      'validation',
      `Song ${request.sunoId} is not in generation task ${request.generationTaskId} (its songs: ${known}); pick one of those.`,
    );
  }

  // 2. Duplicate guard: a song and mode already separated or in flight needs an explicit confirmation.
  if (!request.confirmDuplicate) {
    const warning = await findDuplicate(context, request);
    if (warning) {
      const cost = warning.estimatedCredits === null ? 'another charge' : `about ${warning.estimatedCredits} credits`;
      throw new AppError(
        'duplicate',
        `"${song.title}" is already separated or in progress in ${request.mode} mode; submitting again costs ${cost}. Confirm to separate it again.`,
        { duplicate: warning },
      );
    }
  }

  // 3. The record exists on disk before the request leaves, so a crash cannot lose a paid task.
  const now = context.clock.now();
  let record: TaskRecord = saveRecord(context, {
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
  });

  // 4. Create the task; the id is stored the moment it arrives.
  try {
    const { taskId } = await context.client.createSeparation({
      generationTaskId: request.generationTaskId,
      sunoId: request.sunoId,
      mode: request.mode,
    });
    record = saveRecord(context, { ...record, taskId, state: 'pending' });
    log.info({ taskId, mode: request.mode }, 'separation task created');
  } catch (error) {
    const appError = toAppError(error);
    if (AMBIGUOUS_CODES.has(appError.code)) {
      log.error({ recordId: record.id, err: appError }, 'create call failed after it may have reached the provider');
      saveRecord(context, {
        ...record,
        state: 'maybe_submitted',
        error: {
          code: appError.code,
          message: `The request to separate "${record.song.title}" may have reached crun.ai before it failed (${appError.message}). Check your crun.ai task list before submitting again.`,
        },
      });
    } else {
      // The provider answered with a definite rejection: nothing was charged, so drop the record.
      log.warn({ recordId: record.id, code: appError.code }, 'create call rejected');
      context.store.delete(record.id);
      context.emit({ type: 'task-removed', id: record.id });
    }
    if (appError.code === 'invalid_key') context.onKeyRejected();
    throw appError;
  }

  scheduleNextPoll(context, record, null);
  return record;
}

async function findDuplicate(context: EngineContext, request: SubmitRequest): Promise<DuplicateWarningDto | null> {
  const sameSong = context.store
    .all()
    .filter((record) => record.sunoId === request.sunoId && record.mode === request.mode)
    .filter((record) => !['failed', 'lost', 'cancelled', 'expired'].includes(record.state));
  const inLibrary = context.library.findBySunoId(request.sunoId)?.manifest.separations.filter((entry) => entry.mode === request.mode) ?? [];
  if (sameSong.length === 0 && inLibrary.length === 0) return null;

  const credits = [...context.store.all().filter((record) => record.mode === request.mode && record.credits !== null)].pop()?.credits ?? null;
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
    estimatedCredits: credits,
    balance,
  };
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
    createdAt: song?.createdAt ?? null,
    coverUrl: song?.imageLargeUrl ?? song?.imageUrl ?? null,
  };
}
