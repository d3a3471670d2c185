// The task engine end to end against the simulator: submit, poll, download, library.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import { MANIFEST_FILE } from '../../main/library/types.js';
import { startCoreFixture, waitForState, type CoreFixture } from '../support/core-fixture.js';

const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

describe('task engine flow', () => {
  let fixture: CoreFixture;
  before(async () => {
    fixture = await startCoreFixture();
  });
  after(async () => {
    await fixture.close();
  });

  const firstSong = () => {
    const generation = fixture.simulator.generationTasks[0];
    assert.ok(generation, 'the simulator seeds generation tasks');
    const song = generation.songs[0];
    assert.ok(song);
    return { generationTaskId: generation.taskId, sunoId: song.sunoId, title: song.title };
  };

  it('separates a song in vocal mode into the library', async () => {
    const song = firstSong();
    const submitted = await fixture.core.engine.submit({ generationTaskId: song.generationTaskId, sunoId: song.sunoId, mode: 'vocal' });
    assert.equal(submitted.state, 'pending');
    assert.ok(submitted.taskId);

    const done = await waitForState(fixture.core, submitted.id, ['done', 'failed', 'paused', 'expired']);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.deepEqual(done.stems.map((stem) => stem.key).sort(), ['instrumental', 'origin', 'vocal']);
    assert.ok(done.stems.every((stem) => stem.state === 'ready'));

    const entry = fixture.core.library.findBySunoId(song.sunoId);
    assert.ok(entry, 'the song is in the library index');
    const files = await readdir(entry.directory);
    assert.ok(files.includes(MANIFEST_FILE));
    assert.ok(!files.some((name) => name.endsWith('.part')), `no partial files left: ${files.join(', ')}`);
    const manifest = JSON.parse(await readFile(path.join(entry.directory, MANIFEST_FILE), 'utf8'));
    assert.equal(manifest.separations[0].taskId, submitted.taskId);
    for (const stem of manifest.stems) {
      const file = path.join(entry.directory, stem.fileName);
      assert.equal(await sha256(file), stem.sha256, `sha256 of ${stem.fileName}`);
      assert.ok(stem.fileName.startsWith(song.title), `${stem.fileName} is named after the song`);
    }
  });

  it('separates the same song in instrumental mode beside the vocal stems', async () => {
    const song = firstSong();
    const submitted = await fixture.core.engine.submit({ generationTaskId: song.generationTaskId, sunoId: song.sunoId, mode: 'instrumental' });
    const done = await waitForState(fixture.core, submitted.id, ['done', 'failed', 'paused', 'expired']);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    assert.equal(done.stems.length, 13);

    const entry = fixture.core.library.findBySunoId(song.sunoId);
    assert.ok(entry);
    assert.equal(entry.manifest.separations.length, 2);
    const names = entry.manifest.stems.map((stem) => stem.fileName);
    assert.equal(new Set(names.map((name) => name.toLowerCase())).size, names.length, `no two stems share a file name: ${names.join(', ')}`);
    assert.equal(entry.manifest.stems.length, 16);
  });

  it('refuses a duplicate submission until it is confirmed', async () => {
    const song = firstSong();
    const creates = () => fixture.simulator.requests.filter((request) => request.path.includes('CreateTask')).length;
    const before = creates();
    await assert.rejects(
      fixture.core.engine.submit({ generationTaskId: song.generationTaskId, sunoId: song.sunoId, mode: 'vocal' }),
      (error: unknown) => error instanceof AppError && error.code === 'duplicate' && error.duplicate !== undefined,
    );
    assert.equal(creates(), before, 'no create call is sent for an unconfirmed duplicate');

    const confirmed = await fixture.core.engine.submit({ generationTaskId: song.generationTaskId, sunoId: song.sunoId, mode: 'vocal', confirmDuplicate: true });
    assert.equal(creates(), before + 1);
    const done = await waitForState(fixture.core, confirmed.id, ['done', 'failed']);
    assert.equal(done.state, 'done');
  });

  it('refuses a song that the generation task does not contain', async () => {
    const song = firstSong();
    await assert.rejects(
      fixture.core.engine.submit({ generationTaskId: song.generationTaskId, sunoId: 'not-a-song-in-this-task', mode: 'vocal' }),
      (error: unknown) => error instanceof AppError && error.code === 'validation' && /not-a-song-in-this-task/.test(error.message),
    );
  });

  it('shows the provider message of a failed task', async () => {
    const generation = fixture.simulator.generationTasks[1];
    assert.ok(generation);
    const sunoId = generation.songs[0]?.sunoId ?? '';
    fixture.simulator.failNextTask({ code: 'SEPARATION_ERROR', message: 'audio too short' });
    const submitted = await fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId, mode: 'vocal' });
    const failed = await waitForState(fixture.core, submitted.id, ['failed', 'done']);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.error?.code, 'generation_failed');
    assert.match(failed.error?.message ?? '', /audio too short/);
  });
});

describe('task engine with a rejected key', () => {
  it('rejects the submission and keeps no record', async () => {
    const fixture = await startCoreFixture({ apiKey: 'wrong-key-123456' });
    try {
      const generation = fixture.simulator.generationTasks[0];
      assert.ok(generation);
      await assert.rejects(
        fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId: generation.songs[0]?.sunoId ?? '', mode: 'vocal' }),
        (error: unknown) => error instanceof AppError && error.code === 'invalid_key',
      );
      assert.deepEqual(fixture.core.engine.list(), []);
    } finally {
      await fixture.close();
    }
  });
});
