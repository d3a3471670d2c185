// Waveform peaks: decoded from real MP3 stems, cached on disk by content hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import { computeMp3Peaks, PEAKS_PER_SECOND, PeaksCache } from '../../main/media/peaks.js';

const audioDir = fileURLToPath(new URL('../fixtures/audio/', import.meta.url));
const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

describe('waveform peaks', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-peaks-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('measures a fixture stem', async () => {
    const waveform = await computeMp3Peaks(path.join(audioDir, 'drums.mp3'));
    assert.equal(waveform.peaksPerSecond, PEAKS_PER_SECOND);
    assert.ok(Math.abs(waveform.durationSeconds - 4) < 0.1, `duration ${waveform.durationSeconds}`);
    assert.ok(Math.abs(waveform.peaks.length - 400) <= 10, `${waveform.peaks.length} peaks`);
    assert.ok(waveform.peaks.every((value) => Number.isInteger(value) && value >= 0 && value <= 255));
    assert.ok(Math.max(...waveform.peaks) > 50, 'drums reach a visible level');
  });

  it('keeps near-silent stems low', async () => {
    const quiet = await computeMp3Peaks(path.join(audioDir, 'brass.mp3'));
    assert.ok(Math.max(...quiet.peaks) < 5, `brass peaks at ${Math.max(...quiet.peaks)}`);
  });

  it('caches peaks under the content hash', async () => {
    const stem = path.join(dataDir, 'Song - Bass.mp3');
    await copyFile(path.join(audioDir, 'bass.mp3'), stem);
    const hash = await sha256(stem);
    const cache = new PeaksCache(dataDir);

    const first = await cache.get(stem, hash);
    assert.deepEqual(await readdir(path.join(dataDir, 'peaks')), [`${hash}.json`]);

    await rm(stem);
    const second = await cache.get(stem, hash);
    assert.deepEqual(second, first, 'the second read comes from the cache, without the file');
  });

  it('rejects files that are not MP3', async () => {
    const cache = new PeaksCache(dataDir);
    await assert.rejects(cache.get(path.join(dataDir, 'cover.png'), 'a'.repeat(64)), (error: unknown) => error instanceof AppError && error.code === 'invalid_argument');
    await assert.rejects(cache.get(path.join(dataDir, 'x.mp3'), '../../etc'), (error: unknown) => error instanceof AppError && error.code === 'invalid_argument');
  });
});
