// Conversion of validated TaskInfo data into the domain types the rest of the main process uses.
import type { SeparationMode } from '../../preload/contract.js';
import { getLogger } from '../log/logger.js';
import { describeIssues, separationResultSchema, sunoSongSchema, type GenerationData, type SeparationData } from './schemas.js';
import { checkStemUrl, readStems } from './stems.js';
import type { GenerationTaskInfo, ProviderStatus, SeparationTaskInfo, SunoSong } from './types.js';

const log = getLogger('api-task-info');

/** A generation yields up to two songs, so entries past the tenth are ignored. */
const MAX_SONGS = 10;

const KNOWN_STATUSES: ReadonlySet<string> = new Set(['pending', 'running', 'success', 'failed']);

/** Statuses already logged as unknown, so each one is logged once per process. */
const loggedUnknownStatuses = new Set<string>();

/** Maps the provider's status to ProviderStatus. Unknown values become `unknown`, and each is logged once. */
export function toProviderStatus(rawStatus: string, taskId: string): ProviderStatus {
  const status = rawStatus.trim().toLowerCase();
  if (KNOWN_STATUSES.has(status)) return status as ProviderStatus;

  if (!loggedUnknownStatuses.has(status) && loggedUnknownStatuses.size < 100) {
    loggedUnknownStatuses.add(status);
    log.warn({ taskId, rawStatus: rawStatus.slice(0, 100) }, 'crun.ai sent an unknown task status, reported as "unknown"');
  }
  return 'unknown';
}

function toMode(value: string | null): SeparationMode | null {
  return value === 'vocal' || value === 'instrumental' ? value : null;
}

/** Builds SeparationTaskInfo from validated `data`. Stems are read only from a successful task. */
export function toSeparationTaskInfo(data: SeparationData): SeparationTaskInfo {
  const status = toProviderStatus(data.status, data.task_id);
  const result = separationResultSchema.parse(data.result);

  let stems: SeparationTaskInfo['stems'] = [];
  let rejectedStems: SeparationTaskInfo['rejectedStems'] = [];
  if (status === 'success') {
    if (result === null || result === undefined) {
      rejectedStems = [{ sourceKey: 'result', reason: 'a successful task has no result object' }];
    } else if (result.media_info === undefined) {
      rejectedStems = [{ sourceKey: 'media_info', reason: 'a successful task has no result.media_info' }];
    } else {
      ({ stems, rejectedStems } = readStems(result.media_info));
    }
  }

  const failureMessage = result?.message ?? result?.error ?? result?.msg ?? null;
  const failureCode = result?.code ?? null;
  // A success may carry `code: 200`, so only another code or a failed status counts as a failure.
  const hasFailure = status === 'failed' || (failureCode !== null && failureCode !== '200');

  return {
    taskId: data.task_id,
    status,
    rawStatus: data.status,
    createAt: data.create_at,
    completeAt: data.complete_at,
    durationSeconds: data.duration_s,
    credits: data.credits,
    mode: toMode(data.param?.input?.mode ?? null),
    stems,
    rejectedStems,
    failure: hasFailure ? { code: failureCode, message: failureMessage } : null,
  };
}

/** Returns the URL when it is an absolute http(s) URL, else null (cover and audio links are optional). */
function optionalUrl(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return checkStemUrl(trimmed) === null ? trimmed : null;
}

/** Reads a song's creation time, sent as Unix seconds, milliseconds or an ISO date, as Unix seconds. */
function toUnixSeconds(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Date.parse(value) / 1000;
  if (!Number.isFinite(number) || number <= 0) return null;
  // Values above 10^11 cannot be seconds (that is the year 5138), so they are milliseconds.
  return number > 1e11 ? Math.floor(number / 1000) : Math.floor(number);
}

/** Builds GenerationTaskInfo from validated `data`, dropping songs that lack a `suno_id`. */
export function toGenerationTaskInfo(data: GenerationData): GenerationTaskInfo {
  const input = data.param?.input ?? null;
  const tags = input?.tags ?? input?.style ?? '';
  const model = data.param?.model ?? data.model_version ?? null;

  const songs: SunoSong[] = [];
  for (const [index, entry] of (data.result?.suno_data ?? []).slice(0, MAX_SONGS).entries()) {
    const parsed = sunoSongSchema.safeParse(entry);
    if (!parsed.success) {
      log.warn({ taskId: data.task_id, index, problem: describeIssues(parsed.error, `data.result.suno_data.${index}`) }, 'Skipping a song that crun.ai sent without a usable suno_id');
      continue;
    }
    const song = parsed.data;
    songs.push({
      sunoId: song.suno_id,
      title: song.title ?? input?.title ?? '',
      audioUrl: optionalUrl(song.suno_audio_url),
      imageUrl: optionalUrl(song.suno_image_url),
      imageLargeUrl: optionalUrl(song.suno_image_large_url),
      durationSeconds: song.duration,
      tags: song.tags ?? tags,
      model: song.model_name ?? model,
      createdAt: toUnixSeconds(song.create_time),
    });
  }

  return {
    taskId: data.task_id,
    status: toProviderStatus(data.status, data.task_id),
    rawStatus: data.status,
    prompt: input?.prompt ?? input?.gpt_description_prompt ?? '',
    title: input?.title ?? '',
    tags,
    lyrics: input?.lyrics ?? '',
    model,
    songs,
  };
}
