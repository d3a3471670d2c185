// The IPC router: every channel validates its arguments before any work, and paths from the
// renderer resolve only inside the library.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHANNELS, type ChannelName } from '../../preload/contract.js';
import { AppError } from '../../main/errors.js';
import { createIpcRouter } from '../../main/ipc/router.js';
import type { IpcRouter } from '../../main/ipc/types.js';
import { CoverCache } from '../../main/media/cover-cache.js';
import { PeaksCache } from '../../main/media/peaks.js';
import { startCoreFixture, TEST_KEY, waitForState, type CoreFixture } from '../support/core-fixture.js';

const isInvalidArgument = (error: unknown): boolean => error instanceof AppError && error.code === 'invalid_argument';

/** Argument lists no channel accepts: wrong arity, wrong types, extra fields. */
const BAD_ARGUMENTS: Partial<Record<ChannelName, unknown[][]>> = {
  [CHANNELS.keyStatus]: [['extra']],
  [CHANNELS.keySet]: [[], [42], [''], ['x'.repeat(600)], ['key', 'extra']],
  [CHANNELS.songsLookup]: [[], [null], ['../../etc/passwd'], ['id with spaces']],
  [CHANNELS.tasksSubmit]: [
    [{}],
    [{ generationTaskId: 'a', sunoId: 'b', mode: 'karaoke' }],
    [{ generationTaskId: 'a', sunoId: 'b', mode: 'vocal', extra: true }],
    [{ generationTaskId: 'a/../b', sunoId: 'b', mode: 'vocal' }],
  ],
  [CHANNELS.tasksRetry]: [['id'], ['id', 'yes']],
  [CHANNELS.tasksRemove]: [[{ id: 'x' }]],
  [CHANNELS.libraryList]: [[{ text: 5 }], [{ sort: 'size' }], [{ unknown: 1 }]],
  [CHANNELS.libraryUpdate]: [['song', { title: '' }], ['song', { path: '/etc' }], ['song', { tags: 'not-a-list' }]],
  [CHANNELS.libraryTrash]: [['../..'], []],
  [CHANNELS.libraryPeaks]: [[], [7], [['a/b']]],
  [CHANNELS.settingsUpdate]: [[{ libraryDir: '/tmp' }], [{ pollIntervalSeconds: 1 }], [{ parallelDownloads: 100 }], [{ apiBase: 'not a url' }], [{ apiBase: 'https://collector.example' }]],
};

describe('IPC router', () => {
  let fixture: CoreFixture;
  let router: IpcRouter;

  before(async () => {
    fixture = await startCoreFixture();
    router = createIpcRouter(fixture.core, { mediaBaseUrl: 'stemcrate-media://media/', coverCache: new CoverCache(fixture.dataDir, () => fixture.simulator.url), peaksCache: new PeaksCache(fixture.dataDir) });
  });
  after(async () => {
    await fixture.close();
  });

  it('rejects invalid arguments on every channel before any request', async () => {
    const requestsBefore = fixture.simulator.requests.length;
    for (const [channel, cases] of Object.entries(BAD_ARGUMENTS)) {
      const handler = router.handlers[channel as ChannelName];
      assert.ok(handler, `handler for ${channel}`);
      for (const args of cases ?? []) {
        const label = `${channel} with ${JSON.stringify(args).slice(0, 80)}`;
        const outcome: { value: unknown } | { error: unknown } = await handler(args).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        // Channels that return a Result report the problem as a value; the others reject.
        if ('error' in outcome) assert.ok(isInvalidArgument(outcome.error), label);
        else assert.equal((outcome.value as { ok: boolean; error?: { code: string } }).error?.code, 'invalid_argument', label);
      }
    }
    assert.equal(fixture.simulator.requests.length, requestsBefore, 'no invalid call reached the API');
  });

  it('returns a key status without the key', async () => {
    const status = await router.handlers[CHANNELS.keyStatus]?.([]);
    assert.ok(!JSON.stringify(status).includes(TEST_KEY));
  });

  it('returns provider errors as results, not exceptions', async () => {
    const result = (await router.handlers[CHANNELS.songsLookup]?.(['unknown-generation-task'])) as { ok: boolean; error?: { code: string } };
    assert.equal(result.ok, false);
    assert.ok(result.error, JSON.stringify(result));
    assert.ok(['not_found', 'validation'].includes(result.error.code), JSON.stringify(result));
  });

  it('serves a separated song as DTOs with media URLs and no file paths', async () => {
    const generation = fixture.simulator.generationTasks[0];
    assert.ok(generation);
    const submitted = (await router.handlers[CHANNELS.tasksSubmit]?.([{ generationTaskId: generation.taskId, sunoId: generation.songs[0]?.sunoId, mode: 'vocal' }])) as {
      ok: boolean;
      value: { id: string };
    };
    assert.equal(submitted.ok, true, JSON.stringify(submitted));
    await waitForState(fixture.core, submitted.value.id, ['done']);

    const songs = (await router.handlers[CHANNELS.libraryList]?.([{}])) as { id: string; stemCount: number; modes: string[]; stems?: unknown }[];
    assert.equal(songs.length, 1);
    const listed = songs[0];
    assert.ok(listed);
    assert.equal(listed.stemCount, 3);
    assert.deepEqual(listed.modes, ['vocal']);
    assert.equal(listed.stems, undefined, 'the list leaves the stems to library:get');

    const detail = (await router.handlers[CHANNELS.libraryGet]?.([listed.id])) as { ok: boolean; value: { stems: { id: string; mediaUrl: string }[] } };
    assert.equal(detail.ok, true, JSON.stringify(detail).slice(0, 200));
    const song = detail.value;
    assert.equal(song.stems.length, 3);
    const serialized = JSON.stringify([songs, song]);
    assert.ok(!serialized.includes(fixture.libraryDir), 'no library path in the DTOs');
    for (const stem of song.stems) assert.ok(stem.mediaUrl.startsWith('stemcrate-media://media/stem/'));

    const firstStem = song.stems[0];
    assert.ok(firstStem);
    const files = await router.resolveDragFiles([[firstStem.id]]);
    assert.equal(files.length, 1);
    assert.ok(files[0]?.startsWith(fixture.core.library.root), `${files[0]} is inside the library`);
    const mediaPath = firstStem.mediaUrl.slice('stemcrate-media://media/'.length);
    assert.equal(await router.resolveMedia(mediaPath), files[0]);

    const peaks = (await router.handlers[CHANNELS.libraryPeaks]?.([firstStem.id])) as { ok: boolean; value: { peaks: number[] } };
    assert.equal(peaks.ok, true, JSON.stringify(peaks).slice(0, 200));
    assert.ok(peaks.value.peaks.length > 300, `${peaks.value.peaks.length} peaks for a 4 s stem`);
  });

  it('refuses drag and media paths that leave the library', async () => {
    const songs = (await router.handlers[CHANNELS.libraryList]?.([{}])) as { id: string }[];
    const songId = songs[0]?.id ?? 'missing';
    const outside = path.join(fixture.dataDir, 'outside.mp3');
    await writeFile(outside, 'not in the library');
    const songDir = fixture.core.library.get(songId)?.directory ?? '';
    await mkdir(songDir, { recursive: true });
    await symlink(outside, path.join(songDir, 'escape.mp3'));

    const attempts = [`${songId}/../../outside.mp3`, `${songId}/escape.mp3`, '/etc/passwd', `${songId}/%2e%2e/%2e%2e/outside.mp3`, 'no-such-song/file.mp3'];
    for (const stemId of attempts) {
      await assert.rejects(router.resolveDragFiles([[stemId]]), AppError, `drag of ${stemId}`);
      await assert.rejects(router.resolveMedia(`stem/${encodeURIComponent(songId)}/${encodeURIComponent(stemId)}`), AppError, `media ${stemId}`);
    }
    await assert.rejects(router.resolveMedia('../../../etc/passwd'), AppError);
    await assert.rejects(router.resolveMedia('remote-cover/../../x'), AppError);
    await assert.rejects(router.resolveDragFiles(['not-a-list']), isInvalidArgument);
  });
});
