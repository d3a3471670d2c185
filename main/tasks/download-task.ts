// The download phase of a task: every stem of a finished separation fetched into the song's
// library folder, then recorded in the manifest. Safe to run again after a crash: stems already
// marked ready are skipped and partial files resume.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppErrorDto } from '../../preload/contract.js';
import { AppError, toAppError } from '../errors.js';
import { hashFile } from '../library/folder-files.js';
import { expectedStemKeys } from '../library/stem-keys.js';
import type { ExplainedStem, SongMeta, StemRecord } from '../library/types.js';
import { getLogger } from '../log/logger.js';
import { saveRecord, type EngineContext } from './context.js';
import { backoffDelayMs } from './poll-plan.js';
import { toTaskDto, type StemState, type TaskRecord } from './record.js';

const log = getLogger('download-task');

/** Attempts per stem within one download phase; a retry of the task starts a new phase. */
const MAX_ATTEMPTS = 5;
/** Download errors after which the same request may succeed; the .part file is kept for them. */
const RETRYABLE_CODES = new Set(['network', 'server_error', 'timeout', 'rate_limited']);
const RETRY_BASE_MS = 2_000;
const RETRY_CAP_MS = 60_000;
/** Minimum time between two progress events of one stem, in ms. */
const PROGRESS_EVENT_MS = 250;

/** Downloads every stem of the task that is not ready yet, then records the separation. */
export async function downloadTask(context: EngineContext, recordId: string, signal: AbortSignal): Promise<void> {
  let record = context.store.get(recordId);
  if (!record || record.state !== 'downloading') return;

  const song = await context.library.prepareSong(songMetaOf(record));
  if (record.songId !== song.manifest.songId) {
    record = saveRecord(context, { ...record, songId: song.manifest.songId });
  }

  const pending = record.stems.filter((stem) => stem.state !== 'ready' && stem.state !== 'expired');
  await Promise.all(pending.map((stem) => downloadStem(context, recordId, stem.key, song.directory, signal)));
  if (signal.aborted) return;

  record = context.store.get(recordId);
  if (!record || record.state !== 'downloading') return;
  await finishTask(context, record);
}

async function finishTask(context: EngineContext, record: TaskRecord): Promise<void> {
  const ready = record.stems.filter((stem) => stem.state === 'ready');
  const expired = record.stems.filter((stem) => stem.state === 'expired');
  const failed = record.stems.filter((stem) => stem.state === 'failed');

  if (failed.length > 0) {
    const first = failed[0]?.error ?? { code: 'network', message: 'A stem could not be downloaded.' };
    const paused = first.code === 'disk_full';
    saveRecord(context, { ...record, state: paused ? 'paused' : 'failed', error: first as AppErrorDto });
    return;
  }
  if (ready.length === 0) {
    saveRecord(context, {
      ...record,
      state: 'expired',
      error: { code: 'expired', message: 'The provider no longer has these stems; links expire 14 days after the separation.' },
    });
    return;
  }

  const songId = record.songId;
  if (songId === null) throw new AppError('internal', 'A downloaded task has no library song.');
  const stems: StemRecord[] = ready.map((stem) => ({
    key: stem.key,
    sourceKey: stem.sourceKey,
    label: stem.label,
    mode: record.mode,
    taskId: record.taskId ?? record.id,
    fileName: stem.fileName ?? '',
    bytes: stem.bytes,
    sha256: stem.sha256 ?? '',
    durationSeconds: null,
    nearSilent: false,
  }));
  try {
    await context.library.addSeparation(
      songId,
      {
        taskId: record.taskId ?? record.id,
        mode: record.mode,
        createdAt: record.providerCreatedAt ?? record.createdAt,
        completedAt: record.completedAt,
        credits: record.credits,
      },
      stems,
      { explained: explainAbsentStems(record) },
    );
  } catch (error) {
    const appError = toAppError(error);
    log.error({ taskId: record.taskId, err: appError }, 'could not record the separation in the library');
    saveRecord(context, { ...record, state: 'paused', error: appError.toDto() });
    return;
  }
  const note: AppErrorDto | null =
    expired.length > 0
      ? { code: 'expired', message: `${expired.length} stem(s) had already expired at the provider: ${expired.map((s) => s.label).join(', ')}.` }
      : null;
  saveRecord(context, { ...record, state: 'done', error: note });
  log.info({ taskId: record.taskId, stems: ready.length }, 'separation is in the library');
}

/**
 * Gives the reason for each stem the mode promises that is not in the library: its link expired,
 * the provider sent an unusable link, or it sent no link (null or missing in media_info).
 */
function explainAbsentStems(record: TaskRecord): ExplainedStem[] {
  const ready = new Set(record.stems.filter((stem) => stem.state === 'ready').map((stem) => stem.key));
  const explained: ExplainedStem[] = [];
  for (const key of expectedStemKeys(record.mode)) {
    if (ready.has(key)) continue;
    const stem = record.stems.find((entry) => entry.key === key);
    const rejected = record.rejectedStems.find((entry) => entry.sourceKey.toLowerCase() === `${key}_url`);
    let reason = 'crun.ai sent no link for it';
    if (stem?.state === 'expired') reason = 'its link at crun.ai expired before it was downloaded';
    else if (rejected) reason = `crun.ai sent an unusable link (${rejected.reason})`;
    explained.push({ key, reason });
  }
  return explained;
}

function updateStem(context: EngineContext, recordId: string, key: string, change: Partial<StemState>, persist = true): void {
  const record = context.store.get(recordId);
  if (!record) return;
  const stems = record.stems.map((stem) => (stem.key === key ? { ...stem, ...change } : stem));
  if (persist) saveRecord(context, { ...record, stems });
  else context.store.put({ ...record, stems }, { persist: false });
}

async function downloadStem(context: EngineContext, recordId: string, key: string, directory: string, signal: AbortSignal): Promise<void> {
  const record = context.store.get(recordId);
  const stem = record?.stems.find((entry) => entry.key === key);
  if (!record || !stem || record.songId === null) return;

  // The base name is chosen once and stored, so a restart resumes the same .part file.
  let baseName = stem.baseName;
  if (baseName === null) {
    baseName = context.library.stemBaseName(record.songId, { key: stem.key, label: stem.label, mode: record.mode });
    updateStem(context, recordId, key, { baseName });
  }

  const finished = await findFinishedFile(directory, baseName);
  if (finished) {
    updateStem(context, recordId, key, { state: 'ready', ...finished, error: null });
    return;
  }

  let lastEvent = 0;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (signal.aborted) return;
    updateStem(context, recordId, key, { state: 'downloading', error: null });
    try {
      const result = await context.downloader.download({
        url: stem.url,
        directory,
        baseName,
        taskId: record.taskId ?? record.id,
        signal,
        onProgress: (progress) => {
          const now = context.clock.now();
          updateStem(context, recordId, key, { bytes: progress.bytes, totalBytes: progress.totalBytes }, false);
          if (now - lastEvent >= PROGRESS_EVENT_MS) {
            lastEvent = now;
            const current = context.store.get(recordId);
            if (current) emitProgress(context, current);
          }
        },
      });
      updateStem(context, recordId, key, {
        state: 'ready',
        bytes: result.bytes,
        totalBytes: result.bytes,
        fileName: result.fileName,
        sha256: result.sha256,
        error: null,
      });
      return;
    } catch (error) {
      if (signal.aborted) return;
      const appError = toAppError(error);
      const fields = { taskId: record.taskId, stem: key, attempt, code: appError.code, err: appError };
      if (appError.code === 'expired') {
        log.warn(fields, 'stem link expired');
        updateStem(context, recordId, key, { state: 'expired', error: appError.toDto() });
        return;
      }
      if (!RETRYABLE_CODES.has(appError.code) || attempt === MAX_ATTEMPTS) {
        log.error(fields, 'stem download failed');
        updateStem(context, recordId, key, { state: 'failed', error: appError.toDto() });
        return;
      }
      const delay = Math.max(Math.min(appError.retryAfterMs ?? 0, RETRY_CAP_MS), backoffDelayMs(attempt, RETRY_BASE_MS, RETRY_CAP_MS, context.random));
      log.warn({ ...fields, delayMs: delay }, 'stem download failed; retrying from the partial file');
      try {
        await context.clock.sleep(delay, signal);
      } catch {
        return;
      }
    }
  }
}

/** Emits a progress event without writing the state file. */
function emitProgress(context: EngineContext, record: TaskRecord): void {
  context.emit({ type: 'task', task: toTaskDto(record) });
}

/** Finds a completed `<baseName>.<ext>` left by a download that finished just before a crash. */
async function findFinishedFile(directory: string, baseName: string): Promise<Pick<StemState, 'fileName' | 'bytes' | 'totalBytes' | 'sha256'> | null> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return null;
  }
  const match = names.find((name) => name !== `${baseName}.part` && !name.endsWith('.json') && path.parse(name).name === baseName);
  if (!match) return null;
  const file = path.join(directory, match);
  const info = await stat(file);
  const sha256 = await hashFile(file);
  return { fileName: match, bytes: info.size, totalBytes: info.size, sha256 };
}

function songMetaOf(record: TaskRecord): SongMeta {
  return { ...record.song };
}
