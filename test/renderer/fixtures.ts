// Builders of contract DTOs for the renderer's unit tests.
import type { SeparationDto, SongDto, StemDto, TaskDto } from '../../preload/contract.js';

export function makeTask(overrides: Partial<TaskDto> = {}): TaskDto {
  return {
    id: 'local-1',
    taskId: 'sep-1',
    generationTaskId: 'gen-1',
    sunoId: 'suno-1',
    songTitle: 'Midnight Addiction',
    mode: 'vocal',
    state: 'running',
    providerStatus: 'running',
    createdAt: 1_000_000,
    updatedAt: 1_000_000,
    completedAt: null,
    expiresAt: null,
    credits: null,
    stems: [],
    error: null,
    songId: null,
    ...overrides,
  };
}

export function makeStem(overrides: Partial<StemDto> = {}): StemDto {
  return {
    id: 'song-1/vocals.mp3',
    key: 'vocal',
    label: 'Vocals',
    mode: 'vocal',
    fileName: 'vocals.mp3',
    bytes: 1000,
    durationSeconds: 4,
    nearSilent: false,
    mediaUrl: '/media/stem/song-1/vocals.mp3',
    ...overrides,
  };
}

export function makeSeparation(overrides: Partial<SeparationDto> = {}): SeparationDto {
  return { taskId: 'sep-1', mode: 'vocal', createdAt: 1_000, completedAt: 2_000, credits: 1, ...overrides };
}

export function makeSong(overrides: Partial<SongDto> = {}): SongDto {
  return {
    id: 'song-1',
    title: 'Midnight Addiction',
    sunoId: 'suno-1',
    generationTaskId: 'gen-1',
    tags: [],
    styleTags: 'synthwave',
    durationSeconds: 4,
    addedAt: 1_000,
    favourite: false,
    notes: '',
    coverUrl: null,
    separations: [],
    stems: [],
    bytes: 0,
    ...overrides,
  };
}
