import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LibraryIndexFile } from '../../main/library/index-store.js';
import { emptySongMeta } from '../../main/library/manifest.js';
import type { ScanCache } from '../../main/library/scan.js';
import { SongIndex } from '../../main/library/search.js';
import { MANIFEST_VERSION, type SongEntry } from '../../main/library/types.js';
import { makeTempDir } from './helpers.js';

const ROOT = '/music/Library';

function songEntry(folderName: string, title: string): SongEntry {
  const manifest = {
    version: MANIFEST_VERSION,
    songId: `local-${folderName.toLowerCase().replace(/\W/gu, '')}`,
    song: { ...emptySongMeta(title), lyrics: 'Ça va, señor? 你好 🎧' },
    addedAt: 1,
    favourite: false,
    notes: '',
    tags: [],
    coverFile: null,
    separations: [],
    stems: [],
    warnings: [],
  };
  return { manifest, directory: path.join(ROOT, folderName), folderName, bytes: 10 };
}

async function recordLines(file: string): Promise<string[]> {
  return (await readFile(file, 'latin1')).split('\n').filter((line) => line !== '').slice(1);
}

describe('LibraryIndexFile', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let file: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    file = path.join(dir, 'Data', 'library-index.ndjson');
  });

  afterEach(async () => {
    await cleanup();
  });

  it('round-trips entries and words', async () => {
    const songs = new SongIndex();
    const folders: ScanCache = new Map();
    for (const title of ['Første Sang', 'Second']) {
      const entry = songEntry(title, title);
      songs.put(entry);
      folders.set(title, { stamp: { folderMtimeMs: 1.5, manifestMtimeMs: 2.25, manifestSize: 300 }, entry });
    }
    await new LibraryIndexFile(file).save(ROOT, folders, songs, 'scan');

    const loaded = await new LibraryIndexFile(file).load(ROOT);
    assert.ok(loaded);
    assert.deepEqual([...loaded.folders.keys()], ['Første Sang', 'Second']);
    assert.deepEqual(loaded.folders.get('Første Sang'), folders.get('Første Sang'));
    const reloaded = new SongIndex();
    reloaded.preload(loaded.vocabulary, loaded.songs);
    assert.deepEqual(reloaded.list({ text: 'FØRSTE' }).map((entry) => entry.folderName), ['Første Sang']);
    assert.equal(reloaded.list({ text: '你好' }).length, 2);
    assert.ok((await readFile(file)).every((byte) => byte < 0x80), 'the file is ASCII');
  });

  it('rewrites when superseded lines pile up', async () => {
    const songs = new SongIndex();
    const entry = songEntry('Only Song', 'Only Song');
    songs.put(entry);
    const folders: ScanCache = new Map();
    const index = new LibraryIndexFile(file);
    const counts: number[] = [];
    // Each save records a new stamp for the same folder, as repeated edits of one song do.
    for (let change = 0; change <= 1001; change++) {
      folders.set('Only Song', { stamp: { folderMtimeMs: change, manifestMtimeMs: change, manifestSize: 300 }, entry });
      await index.save(ROOT, folders, songs, change === 0 ? 'scan' : 'change');
      if (change === 0 || change >= 1000) counts.push((await recordLines(file)).length);
    }
    // One line after the first full write, 1,001 once 1,000 are superseded, then one again.
    assert.deepEqual(counts, [1, 1001, 1]);

    const loaded = await new LibraryIndexFile(file).load(ROOT);
    assert.equal(loaded?.folders.get('Only Song')?.stamp.folderMtimeMs, 1001);
  });

  it('appends a line for a removed folder', async () => {
    const songs = new SongIndex();
    const folders: ScanCache = new Map();
    for (const title of ['Kept', 'Removed']) {
      const entry = songEntry(title, title);
      songs.put(entry);
      folders.set(title, { stamp: { folderMtimeMs: 1, manifestMtimeMs: 1, manifestSize: 1 }, entry });
    }
    const index = new LibraryIndexFile(file);
    await index.save(ROOT, folders, songs, 'scan');
    folders.delete('Removed');
    songs.delete(songEntry('Removed', 'Removed').manifest.songId);
    await index.save(ROOT, folders, songs, 'change');

    assert.equal((await recordLines(file)).length, 3);
    const loaded = await new LibraryIndexFile(file).load(ROOT);
    assert.deepEqual([...(loaded?.folders.keys() ?? [])], ['Kept']);
    assert.equal(loaded?.songs.length, 1);
  });
});
