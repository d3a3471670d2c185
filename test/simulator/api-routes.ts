// The simulator's API endpoints: CreateTask, TaskInfo and balance, served from its state.
import { randomUUID } from 'node:crypto';
import { SEPARATION_MODEL } from '../../main/api/types.js';
import type { Clock } from '../../main/util/clock.js';
import type { SeparationMode } from '../../preload/contract.js';
import type { SimGenerationTask } from './seed.js';
import { generationTaskData, separationTaskData, type SimSeparationTask, type Timing } from './task-data.js';

/** A JSON response: HTTP status, envelope and extra headers. */
export interface ApiResponse {
  httpStatus: number;
  envelope: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The mutable state the routes read and change. */
export interface SimState {
  clock: Clock;
  timing: Timing;
  creditsPerTask: Record<SeparationMode, number>;
  balance: number;
  generationTasks: SimGenerationTask[];
  separationTasks: Map<string, SimSeparationTask>;
  nextFailure: { code: number | string; message: string } | null;
  baseUrl: string;
}

export function envelopeResponse(httpStatus: number, message: string, data: unknown = null): ApiResponse {
  return { httpStatus, envelope: { code: httpStatus, message, data } };
}

function success(data: unknown): ApiResponse {
  return envelopeResponse(200, 'success', data);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Handles CreateTask: validates like the provider (422), charges the balance (402) and starts a task. */
export function createTask(state: SimState, bodyText: string): ApiResponse {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return envelopeResponse(422, 'request body is not valid JSON');
  }
  if (!isRecord(body)) return envelopeResponse(422, 'request body must be a JSON object');
  if (body.model !== SEPARATION_MODEL) return envelopeResponse(422, `model must be "${SEPARATION_MODEL}"`);

  const input = body.input;
  if (!isRecord(input)) return envelopeResponse(422, 'input is required');
  if (typeof input.task_id !== 'string' || input.task_id === '') return envelopeResponse(422, 'task_id is required');
  const generation = state.generationTasks.find((task) => task.taskId === input.task_id);
  if (!generation) return envelopeResponse(422, 'task_id not found');
  if (generation.status !== 'success') return envelopeResponse(422, 'task_id is not a completed music generation task');
  if (typeof input.suno_id !== 'string' || !generation.songs.some((song) => song.sunoId === input.suno_id)) {
    return envelopeResponse(422, 'suno_id not found in task');
  }
  const mode = input.mode ?? 'vocal';
  if (mode !== 'vocal' && mode !== 'instrumental') return envelopeResponse(422, 'mode must be vocal or instrumental');

  const cost = state.creditsPerTask[mode];
  if (state.balance < cost) return envelopeResponse(402, `insufficient credits: ${cost} needed, ${state.balance} available`);
  state.balance = Math.round((state.balance - cost) * 1000) / 1000;

  const task: SimSeparationTask = {
    taskId: randomUUID(),
    generationTaskId: generation.taskId,
    sunoId: input.suno_id,
    mode,
    createdAtMs: state.clock.now(),
    credits: cost,
    failure: state.nextFailure,
    filesExpired: false,
  };
  state.nextFailure = null;
  state.separationTasks.set(task.taskId, task);
  return success({ task_id: task.taskId });
}

/** Handles TaskInfo for separation and music generation tasks alike, as the provider does. */
export function taskInfo(state: SimState, taskId: string | null): ApiResponse {
  if (taskId === null || taskId === '') return envelopeResponse(422, 'task_id is required');

  const separation = state.separationTasks.get(taskId);
  if (separation) return success(separationTaskData(separation, state.clock.now(), state.timing, state.baseUrl));
  const generation = state.generationTasks.find((task) => task.taskId === taskId);
  if (generation) return success(generationTaskData(generation, state.baseUrl));
  return envelopeResponse(404, 'task not found');
}

export function balance(state: SimState): ApiResponse {
  return success({ balance: state.balance });
}
