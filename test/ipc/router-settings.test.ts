// The settings and library-folder channels: naming preview, template validation, library move.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHANNELS, type LibraryMoveDto, type NamingPreviewDto, type Result, type SettingsDto } from '../../preload/contract.js';
import { createIpcRouter } from '../../main/ipc/router.js';
import type { IpcRouter } from '../../main/ipc/types.js';
import { CoverCache } from '../../main/media/cover-cache.js';
import { PeaksCache } from '../../main/media/peaks.js';
import { coverFetchesInFlight } from '../../main/media/song-cover.js';
import { startCoreFixture, waitForState, type CoreFixture } from '../support/core-fixture.js';

describe('IPC router settings channels', () => {
  let fixture: CoreFixture;
  let router: IpcRouter;
  let moveTarget: string;
  let pickedFolder: string | null = null;

  before(async () => {
    fixture = await startCoreFixture();
    moveTarget = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-move-'));
    router = createIpcRouter(fixture.core, {
      mediaBaseUrl: 'stemcrate-media://media/',
      coverCache: new CoverCache(fixture.dataDir, () => fixture.simulator.url),
      peaksCache: new PeaksCache(fixture.dataDir),
      pickFolder: async () => pickedFolder,
    });
  });
  after(async () => {
    await fixture.close();
    await rm(moveTarget, { recursive: true, force: true });
  });

  const call = async <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => {
    const handler = router.handlers[channel as keyof typeof router.handlers];
    assert.ok(handler, channel);
    return (await handler(args)) as Result<T>;
  };

  it('previews a naming template', async () => {
    const preview = await call<NamingPreviewDto>(CHANNELS.settingsPreviewNaming, '{title} - {stem}');
    assert.ok(preview.ok);
    assert.equal(preview.value.folderName, 'Midnight Addiction');
    assert.ok(preview.value.fileNames.includes('Midnight Addiction - Drums.mp3'), preview.value.fileNames.join(', '));
  });

  it('rejects an unknown placeholder without storing it', async () => {
    const before = (await router.handlers[CHANNELS.settingsGet]?.([])) as SettingsDto;
    const preview = await call<NamingPreviewDto>(CHANNELS.settingsPreviewNaming, '{title} - {instrument}');
    assert.equal(preview.ok, false);
    assert.match(preview.ok ? '' : preview.error.message, /instrument/);

    const update = await call<SettingsDto>(CHANNELS.settingsUpdate, { namingTemplate: '{title} - {instrument}' });
    assert.equal(update.ok, false);
    const after = (await router.handlers[CHANNELS.settingsGet]?.([])) as SettingsDto;
    assert.equal(after.namingTemplate, before.namingTemplate);
  });

  it('applies a new template to the next separation', async () => {
    const update = await call<SettingsDto>(CHANNELS.settingsUpdate, { namingTemplate: '{title} [{stem}]' });
    assert.ok(update.ok);
    const generation = fixture.simulator.generationTasks[1];
    assert.ok(generation);
    const task = await fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId: generation.songs[0]?.sunoId ?? '', mode: 'vocal' });
    await waitForState(fixture.core, task.id, ['done']);
    const entry = fixture.core.library.findBySunoId(generation.songs[0]?.sunoId ?? '');
    assert.ok(entry?.manifest.stems.some((stem) => stem.fileName.endsWith('[Drums].mp3') || stem.fileName.endsWith('[Vocals].mp3')), entry?.manifest.stems.map((stem) => stem.fileName).join(', '));
  });

  const waitForCovers = async (): Promise<void> => {
    // A song's cover downloads after its task is done; wait for it, within 5 s.
    for (let attempt = 0; attempt < 100 && coverFetchesInFlight() > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('keeps the library when the picker is cancelled', async () => {
    await waitForCovers();
    pickedFolder = null;
    const result = await call<LibraryMoveDto>(CHANNELS.libraryMove);
    assert.ok(result.ok);
    assert.equal(result.value.moved, false);
  });

  it('refuses to move while a download runs', async () => {
    const generation = fixture.simulator.generationTasks[0];
    assert.ok(generation);
    const task = await fixture.core.engine.submit({ generationTaskId: generation.taskId, sunoId: generation.songs[1]?.sunoId ?? '', mode: 'instrumental' });
    await waitForState(fixture.core, task.id, ['downloading']);
    pickedFolder = path.join(moveTarget, 'Too Early');
    const result = await call<LibraryMoveDto>(CHANNELS.libraryMove);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error.message, /Downloads are still running/);
    await waitForState(fixture.core, task.id, ['done']);
  });

  it('moves the library to the picked folder', async () => {
    await waitForCovers();
    pickedFolder = path.join(moveTarget, 'Stems');
    const result = await call<LibraryMoveDto>(CHANNELS.libraryMove);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value.moved, true);
    assert.equal(result.value.summary.songCount, 2);
    const settings = (await router.handlers[CHANNELS.settingsGet]?.([])) as SettingsDto;
    assert.equal(path.basename(settings.libraryDir), 'Stems');
    assert.equal((await readdir(pickedFolder)).length, 2, 'both song folders moved');
    const song = fixture.core.library.list({})[0];
    assert.ok(song?.directory.startsWith(await import('node:fs/promises').then((fs) => fs.realpath(pickedFolder ?? ''))));
  });
});
