// The `data` objects the simulator's TaskInfo sends for separation and music generation tasks.
import { SEPARATION_MODEL } from '../../main/api/types.js';
import type { SeparationMode } from '../../preload/contract.js';
import type { SimGenerationTask } from './seed.js';

/** Stem keys (without `_url`) of each mode, as the provider documents them. */
export const STEMS_BY_MODE: Record<SeparationMode, readonly string[]> = {
  vocal: ['origin', 'vocal', 'instrumental'],
  instrumental: ['origin', 'vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'],
};

export interface SimSeparationTask {
  taskId: string;
  generationTaskId: string;
  sunoId: string;
  mode: SeparationMode;
  /** Clock milliseconds at creation. */
  createdAtMs: number;
  credits: number;
  /** Set by `failNextTask`: the task ends as `failed` with this result. */
  failure: { code: number | string; message: string } | null;
  /** Set by `expireFiles`: the stem URLs return 410 Gone. */
  filesExpired: boolean;
}

export interface Timing {
  pendingMs: number;
  runningMs: number;
}

/** Returns the task's status at clock time `nowMs`: pending, then running, then success or failed. */
export function separationStatus(task: SimSeparationTask, nowMs: number, timing: Timing): 'pending' | 'running' | 'success' | 'failed' {
  const elapsed = nowMs - task.createdAtMs;
  if (elapsed < timing.pendingMs) return 'pending';
  if (elapsed < timing.pendingMs + timing.runningMs) return 'running';
  return task.failure ? 'failed' : 'success';
}

/** Clock milliseconds at which the task finishes. */
export function completedAtMs(task: SimSeparationTask, timing: Timing): number {
  return task.createdAtMs + timing.pendingMs + timing.runningMs;
}

export function stemFileUrl(baseUrl: string, taskId: string, stem: string): string {
  return `${baseUrl}/files/${taskId}/${stem}.mp3`;
}

export function separationTaskData(task: SimSeparationTask, nowMs: number, timing: Timing, baseUrl: string): Record<string, unknown> {
  const status = separationStatus(task, nowMs, timing);
  const finished = status === 'success' || status === 'failed';

  let result: Record<string, unknown> | null = null;
  if (status === 'success') {
    const mediaInfo: Record<string, string> = {};
    for (const stem of STEMS_BY_MODE[task.mode]) mediaInfo[`${stem}_url`] = stemFileUrl(baseUrl, task.taskId, stem);
    result = { media_info: mediaInfo };
  } else if (status === 'failed' && task.failure) {
    result = { code: task.failure.code, message: task.failure.message };
  }

  return {
    task_id: task.taskId,
    provider: 'Suno',
    model_version: 'suno-vocal-separation',
    status,
    param: {
      model: SEPARATION_MODEL,
      callback_url: null,
      input: { task_id: task.generationTaskId, suno_id: task.sunoId, mode: task.mode },
    },
    create_at: Math.floor(task.createdAtMs / 1000),
    result,
    duration_s: finished ? timing.runningMs / 1000 : null,
    complete_at: finished ? Math.floor(completedAtMs(task, timing) / 1000) : null,
    credits: finished ? task.credits : null,
    source: 'api',
  };
}

export function generationTaskData(task: SimGenerationTask, baseUrl: string): Record<string, unknown> {
  const finished = task.status === 'success';
  const songs = task.songs.map((song) => ({
    suno_id: song.sunoId,
    title: song.title,
    suno_audio_url: `${baseUrl}/songs/${song.sunoId}.mp3`,
    suno_image_url: `${baseUrl}/covers/${song.cover}`,
    suno_image_large_url: `${baseUrl}/covers/${song.cover}`,
    duration: song.durationSeconds,
    tags: song.tags,
    model_name: song.modelName,
    create_time: song.createTime,
  }));

  return {
    task_id: task.taskId,
    provider: 'Suno',
    model_version: task.model,
    status: task.status,
    param: {
      model: task.model,
      callback_url: null,
      input: { prompt: task.prompt, title: task.title, tags: task.tags, lyrics: task.lyrics, make_instrumental: false },
    },
    create_at: task.createAt,
    result: finished ? { suno_data: songs } : null,
    duration_s: finished ? 42.5 : null,
    complete_at: finished ? task.createAt + 43 : null,
    source: 'api',
  };
}
