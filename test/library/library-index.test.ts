import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { INDEX_FORMAT_VERSION, decodeHeader, decodeLine } from '../../main/library/index-codec.js';
import { LIBRARY_INDEX_FILE } from '../../main/library/index-store.js';
import { createLibrary } from '../../main/library/library.js';
import { MANIFEST_FILE, type Library, type SongEntry } from '../../main/library/types.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { copyFixture, makeTempDir, songMeta } from './helpers.js';

/** A whole second in seconds since the epoch, so a manifest's mtime survives `utimes` exactly. */
const FIXED_MTIME_S = 1_780_000_000;

function snapshot(library: Library): SongEntry[] {
  return library.list({ sort: 'title' }).map((entry) => ({ ...entry }));
}

/** JSON with every character above U+007F escaped, as the index stores it. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('library index', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;
  let dataDir: string;
  let indexFile: string;
  let trashDir: string;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));
  const trashItem = async (target: string): Promise<void> => rename(target, path.join(trashDir, path.basename(target)));

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    root = path.join(dir, 'Library');
    dataDir = path.join(dir, 'Data');
    indexFile = path.join(dataDir, LIBRARY_INDEX_FILE);
    trashDir = path.join(dir, 'Trash');
    await mkdir(trashDir);
  });

  afterEach(async () => {
    await cleanup();
  });

  /** Creates a library of three songs, one with a stem, and its index on disk. */
  async function seed(): Promise<Library> {
    const library = await createLibrary({ root, dataDir, clock, trashItem });
    const first = await library.prepareSong(songMeta({ title: 'Café Über 🎧', lyrics: 'Señorita corazón\nnight drive' }));
    await copyFixture('drums', path.join(first.directory, 'Café Über 🎧 - Drums.mp3'));
    await library.scan();
    await library.prepareSong(songMeta({ sunoId: 'a1b2c3d4-0000-4000-8000-000000000002', title: 'Neon Rain', lyrics: 'rain on the highway' }));
    const third = await library.prepareSong(songMeta({ sunoId: 'a1b2c3d4-0000-4000-8000-000000000003', title: 'Golden Hour' }));
    await library.update(third.manifest.songId, { favourite: true, tags: ['demo'] });
    return library;
  }

  /** Deletes the index and opens the library, which rewrites the index whole, with word ids instead of words. */
  async function rewriteIndex(): Promise<void> {
    await rm(indexFile);
    await createLibrary({ root, dataDir, clock });
  }

  function assertSameLibrary(actual: Library, expected: Library): void {
    assert.deepEqual(snapshot(actual), snapshot(expected));
    assert.deepEqual(actual.summary(), expected.summary());
    for (const text of ['cafe', 'corazon', '🎧', 'drums', 'rain', 'demo', 'o']) {
      assert.deepEqual(actual.list({ text }).map((entry) => entry.manifest.songId), expected.list({ text }).map((entry) => entry.manifest.songId), text);
    }
  }

  it('reopens from appended lines', async () => {
    const library = await seed();
    const lines = (await readFile(indexFile, 'latin1')).split('\n').filter((line) => line !== '');
    assert.ok(lines.length > 4, 'every change was appended');
    assertSameLibrary(await createLibrary({ root, dataDir, clock }), library);
  });

  it('reopens from a rewritten index', async () => {
    const library = await seed();
    await rewriteIndex();
    const lines = (await readFile(indexFile, 'latin1')).split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 4, 'a header and one line per song');
    assertSameLibrary(await createLibrary({ root, dataDir, clock }), library);
  });

  it('serves entries whose stamp matches', async () => {
    const library = await seed();
    const song = library.list({ text: 'neon' })[0];
    assert.ok(song);
    const manifestFile = path.join(song.directory, MANIFEST_FILE);
    await utimes(manifestFile, FIXED_MTIME_S, FIXED_MTIME_S);
    await library.scan();

    // Same size and modification time, different content: only a cache would still show the old title.
    const text = await readFile(manifestFile, 'utf8');
    await writeFile(manifestFile, text.replace('"title": "Neon Rain"', '"title": "Neon Roin"'));
    await utimes(manifestFile, FIXED_MTIME_S, FIXED_MTIME_S);

    const cached = await createLibrary({ root, dataDir, clock });
    assert.equal(cached.get(song.manifest.songId)?.manifest.song.title, 'Neon Rain');
    const uncached = await createLibrary({ root, clock });
    assert.equal(uncached.get(song.manifest.songId)?.manifest.song.title, 'Neon Roin');
  });

  it('rereads a manifest edited by hand', async () => {
    const library = await seed();
    const song = library.list({ text: 'neon' })[0];
    assert.ok(song);
    const manifestFile = path.join(song.directory, MANIFEST_FILE);
    const text = await readFile(manifestFile, 'utf8');
    await writeFile(manifestFile, text.replace('"title": "Neon Rain"', '"title": "Neon Rain (edit)"'));

    const reopened = await createLibrary({ root, dataDir, clock });
    assert.equal(reopened.get(song.manifest.songId)?.manifest.song.title, 'Neon Rain (edit)');
    assert.deepEqual(reopened.list({ text: 'edit' }).map((entry) => entry.manifest.songId), [song.manifest.songId]);
  });

  it('picks up a folder added by hand', async () => {
    await seed();
    await mkdir(path.join(root, 'Hand Made'));
    await copyFixture('vocal', path.join(root, 'Hand Made', 'Hand Made - Vocals.mp3'));

    const reopened = await createLibrary({ root, dataDir, clock });
    const imported = reopened.list({ text: 'hand' });
    assert.equal(imported.length, 1);
    assert.equal(imported[0]?.folderName, 'Hand Made');
    assert.deepEqual(imported[0]?.manifest.stems.map((stem) => stem.key), ['vocal']);
    assert.equal(reopened.summary().songCount, 4);
  });

  it('picks up a stem file added by hand', async () => {
    const library = await seed();
    const song = library.list({ text: 'golden' })[0];
    assert.ok(song);
    await copyFixture('bass', path.join(song.directory, 'Golden Hour - Bass.mp3'));

    const reopened = await createLibrary({ root, dataDir, clock });
    assert.deepEqual(reopened.get(song.manifest.songId)?.manifest.stems.map((stem) => stem.key), ['bass']);
  });

  it('drops folders removed or renamed by hand', async () => {
    const library = await seed();
    const removed = library.list({ text: 'neon' })[0];
    const renamed = library.list({ text: 'golden' })[0];
    assert.ok(removed);
    assert.ok(renamed);
    await rm(removed.directory, { recursive: true });
    await rename(renamed.directory, path.join(root, 'Golden Hour (renamed)'));

    const reopened = await createLibrary({ root, dataDir, clock });
    assert.equal(reopened.get(removed.manifest.songId), undefined);
    assert.equal(reopened.get(renamed.manifest.songId)?.folderName, 'Golden Hour (renamed)');
    assert.equal(reopened.summary().songCount, 2);
  });

  it('keeps changes made through the library', async () => {
    const library = await seed();
    const song = library.list({ text: 'golden' })[0];
    assert.ok(song);
    await library.update(song.manifest.songId, { title: 'Golden Hour Live', notes: 'take 2' });
    const neon = library.list({ text: 'neon' })[0];
    assert.ok(neon);
    await library.trash(neon.manifest.songId);

    const reopened = await createLibrary({ root, dataDir, clock });
    assert.deepEqual(snapshot(reopened), snapshot(library));
    assert.equal(reopened.get(song.manifest.songId)?.folderName, 'Golden Hour Live');
  });

  it('ignores a corrupt index', async () => {
    const library = await seed();
    await writeFile(indexFile, 'not an index\n{"folder": 12}\n');
    const reopened = await createLibrary({ root, dataDir, clock });
    assert.deepEqual(snapshot(reopened), snapshot(library));
    const header = decodeHeader((await readFile(indexFile, 'latin1')).split('\n')[0] ?? '');
    assert.equal(header?.root, library.root, 'the index is rebuilt');
  });

  it('skips a truncated last line', async () => {
    const library = await seed();
    const text = await readFile(indexFile, 'latin1');
    await writeFile(indexFile, text.slice(0, text.length - 200), 'latin1');
    const reopened = await createLibrary({ root, dataDir, clock });
    assert.deepEqual(snapshot(reopened), snapshot(library));

    const lines = (await readFile(indexFile, 'latin1')).split('\n').filter((line) => line !== '');
    const vocabularySize = decodeHeader(lines[0] ?? '')?.vocabulary.length ?? 0;
    assert.ok(lines.slice(1).every((line) => decodeLine(line, vocabularySize) !== null), 'the damaged line is gone');
  });

  it('ignores an index of another version', async () => {
    const library = await seed();
    await rewriteIndex();
    const [header, ...rest] = (await readFile(indexFile, 'latin1')).split('\n');
    const parsed = JSON.parse(header ?? '') as { version: number; vocabulary: string[] };
    // A future format with the same header: its word ids would mean something else.
    const futureHeader = asciiJson({ ...parsed, version: INDEX_FORMAT_VERSION + 1, vocabulary: [...parsed.vocabulary].reverse() });
    await writeFile(indexFile, [futureHeader, ...rest].join('\n'));
    const reopened = await createLibrary({ root, dataDir, clock });
    assert.deepEqual(snapshot(reopened), snapshot(library));
    assert.deepEqual(reopened.list({ text: 'corazon' }).map((entry) => entry.manifest.song.title), ['Café Über 🎧']);
  });

  it('ignores an index of another folder', async () => {
    await seed();
    const otherRoot = path.join(dir, 'Other');
    const other = await createLibrary({ root: otherRoot, dataDir, clock });
    assert.equal(other.summary().songCount, 0);
    const header = decodeHeader((await readFile(indexFile, 'latin1')).split('\n')[0] ?? '');
    assert.equal(header?.root, other.root);
  });

  it('writes only the library and the index', async () => {
    const library = await seed();
    const song = library.list({ text: 'golden' })[0];
    assert.ok(song);
    await library.update(song.manifest.songId, { title: 'Golden Hour Live' });
    await createLibrary({ root, dataDir, clock });

    const files = await listFiles(dir);
    const outside = files.filter((file) => !file.startsWith(`${root}${path.sep}`) && !file.startsWith(`${trashDir}${path.sep}`) && file !== indexFile);
    assert.deepEqual(outside, []);
    assert.deepEqual(await readdir(dataDir), [LIBRARY_INDEX_FILE]);
    assert.ok(files.every((file) => !path.basename(file).startsWith('.')), 'no hidden files in the library');
  });

  it('keeps working when the index cannot be written', async () => {
    // A plain file where the data folder should be: every index write fails.
    await writeFile(dataDir, 'in the way');
    const library = await createLibrary({ root, dataDir, clock });
    const song = await library.prepareSong(songMeta());
    const updated = await library.update(song.manifest.songId, { notes: 'still saved' });
    assert.equal(updated.manifest.notes, 'still saved');
    assert.equal((await readFile(dataDir, 'utf8')), 'in the way');
  });
});
