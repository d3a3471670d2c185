// Task records built in tests, for state written before a (simulated) restart.
import type { TaskRecord } from '../../../main/tasks/record.js';

/** Builds a pending vocal task record of a 180-second song; `overrides` replace any field. */
export function sampleRecord(id: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    taskId: `task-${id}`,
    generationTaskId: 'gen-1',
    sunoId: 'song-1',
    mode: 'vocal',
    song: { sunoId: 'song-1', generationTaskId: 'gen-1', title: 'Store Song', styleTags: '', prompt: '', lyrics: '', model: null, durationSeconds: 180, createdAt: null, coverUrl: null },
    state: 'pending',
    providerStatus: null,
    createdAt: 1_000,
    updatedAt: 1_000,
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
    ...overrides,
  };
}
