// TaskRecord: the persisted state of one separation task, from before its create call is sent
// until its stems are in the library. Validated with zod whenever the state file is read.
import { z } from 'zod';
import { ERROR_CODES, type StemProgressDto, type TaskDto, type TaskState } from '../../preload/contract.js';

export const TASK_STATES = [
  'submitting',
  'maybe_submitted',
  'pending',
  'running',
  'downloading',
  'done',
  'failed',
  'lost',
  'expired',
  'cancelled',
  'paused',
] as const satisfies readonly TaskState[];

/** States in which the engine still has work to do for the task. */
export const ACTIVE_STATES: ReadonlySet<TaskState> = new Set(['pending', 'running', 'downloading', 'paused']);

/** States in which the engine lets the user remove a record, because no query or download runs for it. */
export const REMOVABLE_STATES: ReadonlySet<TaskState> = new Set(['done', 'failed', 'lost', 'expired', 'cancelled', 'maybe_submitted', 'paused']);

/** The provider deletes result files this long after a task completes. */
export const RESULT_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

const errorSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string(), detail: z.string().optional() });

export const stemStateSchema = z.object({
  key: z.string(),
  sourceKey: z.string(),
  label: z.string(),
  url: z.string(),
  state: z.enum(['queued', 'downloading', 'ready', 'failed', 'expired']),
  bytes: z.number(),
  totalBytes: z.number().nullable(),
  /** File name without extension chosen before the download started, reused after a restart. */
  baseName: z.string().nullable(),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
  error: errorSchema.nullable(),
});

export const songSnapshotSchema = z.object({
  sunoId: z.string().nullable(),
  generationTaskId: z.string().nullable(),
  title: z.string(),
  styleTags: z.string(),
  prompt: z.string(),
  lyrics: z.string(),
  model: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  createdAt: z.number().nullable(),
  coverUrl: z.string().nullable(),
});

export const taskRecordSchema = z.object({
  id: z.string().min(1),
  taskId: z.string().nullable(),
  generationTaskId: z.string(),
  sunoId: z.string(),
  mode: z.enum(['vocal', 'instrumental']),
  song: songSnapshotSchema,
  state: z.enum(TASK_STATES),
  providerStatus: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Provider creation time in ms, when reported. */
  providerCreatedAt: z.number().nullable(),
  completedAt: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  credits: z.number().nullable(),
  stems: z.array(stemStateSchema),
  rejectedStems: z.array(z.object({ sourceKey: z.string(), reason: z.string() })),
  error: errorSchema.nullable(),
  songId: z.string().nullable(),
  pollCount: z.number().int(),
  /** Consecutive failed queries of this task, driving its back-off; reset by any response. */
  failures: z.number().int(),
  /** Clock time of the last response to a query, ms; records written before this field read as null. */
  lastPolledAt: z.number().nullable().default(null),
});

export type TaskRecord = z.infer<typeof taskRecordSchema>;
export type StemState = z.infer<typeof stemStateSchema>;

/**
 * Returns true when the task has a provider id but no stem links yet, so the next step is a
 * query (also for a task paused or cancelled in that phase).
 */
export function isPollingPhase(record: TaskRecord): boolean {
  return record.taskId !== null && record.stems.length === 0 && record.completedAt === null;
}

/** Returns when the provider deletes the task's files, or null before it completes. */
export function expiresAt(record: TaskRecord): number | null {
  return record.completedAt === null ? null : record.completedAt + RESULT_RETENTION_MS;
}

/** Converts a record to the DTO sent to the renderer; stem URLs stay in main. */
export function toTaskDto(record: TaskRecord): TaskDto {
  const stems: StemProgressDto[] = record.stems.map((stem) => ({
    key: stem.key,
    label: stem.label,
    bytes: stem.bytes,
    totalBytes: stem.totalBytes,
    state: stem.state,
  }));
  return {
    id: record.id,
    taskId: record.taskId,
    generationTaskId: record.generationTaskId,
    sunoId: record.sunoId,
    songTitle: record.song.title,
    mode: record.mode,
    state: record.state,
    providerStatus: record.providerStatus,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    completedAt: record.completedAt,
    expiresAt: expiresAt(record),
    credits: record.credits,
    stems,
    error: record.error,
    songId: record.songId,
  };
}
