// Shared test helpers for the library: temporary folders, fixture MP3s, song metadata.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SongMeta } from '../../main/library/types.js';

export const FIXTURE_AUDIO = fileURLToPath(new URL('../fixtures/audio/', import.meta.url));

/** Creates a temporary folder and returns it with a function that removes it. */
export async function makeTempDir(prefix = 'stemcrate-library-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies the fixture MP3 of a stem key (`drums`, `origin` …) to `destination`. */
export async function copyFixture(key: string, destination: string): Promise<void> {
  await copyFile(path.join(FIXTURE_AUDIO, `${key}.mp3`), destination);
}

export function songMeta(overrides: Partial<SongMeta> = {}): SongMeta {
  return {
    sunoId: 'a1b2c3d4-0000-4000-8000-000000000001',
    generationTaskId: 'gen-1',
    title: 'Midnight Addiction',
    styleTags: 'synthwave, dark, female vocals',
    prompt: 'a neon night drive',
    lyrics: 'City lights are calling me\nI can not sleep tonight',
    model: 'chirp-v4',
    durationSeconds: 4,
    createdAt: Date.UTC(2026, 2, 14),
    coverUrl: 'https://cdn.example.test/cover.png',
    ...overrides,
  };
}
