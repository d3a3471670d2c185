import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLibrary } from '../../main/library/library.js';
import { foldText } from '../../main/library/search.js';
import type { Library, SongEntry } from '../../main/library/types.js';
import { generateLibrary } from './generate-library.js';
import { FIXTURE_AUDIO } from './helpers.js';

const SONGS = 10_000;

/** Folded full text of every song, for the plain scan the word index must agree with. */
function foldedTexts(entries: SongEntry[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const { manifest } of entries) {
    const fields = [manifest.song.title, manifest.song.styleTags, ...manifest.tags, ...manifest.stems.map((stem) => stem.label), manifest.song.lyrics];
    texts.set(manifest.songId, foldText(fields.join(' ')));
  }
  return texts;
}

function naiveSearch(texts: Map<string, string>, text: string): Set<string> {
  const terms = foldText(text).split(/\s+/u).filter((term) => term !== '');
  const result = new Set<string>();
  for (const [songId, haystack] of texts) if (terms.every((term) => haystack.includes(term))) result.add(songId);
  return result;
}

describe('library of 10,000 songs', () => {
  let parent: string;
  let root: string;
  let dataDir: string;
  let library: Library;

  before(async () => {
    // A memory-backed folder, where there is one, makes writing 140,000 files several times faster.
    parent = await mkdtemp(path.join(existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'stemcrate-large-'));
    root = path.join(parent, 'Library');
    dataDir = path.join(parent, 'Data');
    generateLibrary(root, { songs: SONGS });
    library = await createLibrary({ root, dataDir });
  });

  after(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('indexes every song and stem', () => {
    const summary = library.summary();
    assert.equal(summary.songCount, SONGS);
    assert.equal(summary.stemCount, SONGS * 13);
  });

  it('rescans without changes', async () => {
    const report = await library.scan();
    assert.equal(report.songs, SONGS);
    assert.equal(report.imported, 0);
    assert.equal(report.rebuilt, 0);
    assert.deepEqual(report.warnings, []);
  });

  it('search agrees with a plain scan', () => {
    const texts = foldedTexts(library.list({}));
    for (const text of ['neon', 'señorita', 'CAFE', 'corazon', 'drums', 'ka lo', 'zzz', 'n', 'midnight heart', 'demo']) {
      const expected = naiveSearch(texts, text);
      const actual = library.list({ text }).map((entry) => entry.manifest.songId);
      assert.equal(actual.length, expected.size, text);
      for (const songId of actual) assert.ok(expected.has(songId), `${text}: ${songId}`);
    }
  });

  it('sorts the whole library', () => {
    const byAdded = library.list({ sort: 'added' });
    for (let i = 1; i < byAdded.length; i++) {
      assert.ok((byAdded[i - 1]?.manifest.addedAt ?? 0) >= (byAdded[i]?.manifest.addedAt ?? 0), `added order at ${i}`);
    }
    const byTitle = library.list({ sort: 'title' }).map((entry) => foldText(entry.manifest.song.title));
    assert.deepEqual(byTitle, [...byTitle].sort());
  });

  it('filters favourites', () => {
    const favourites = library.list({ favouritesOnly: true });
    assert.equal(favourites.length, Math.ceil(SONGS / 7));
  });

  it('reopens from the index', async () => {
    const reopened = await createLibrary({ root, dataDir });
    assert.deepEqual(reopened.summary(), library.summary());
    assert.deepEqual(reopened.list({}), library.list({}));
    for (const text of ['neon', 'señorita', 'ka lo', 'e', 'drums', 'zzz']) {
      assert.deepEqual(reopened.list({ text }).map((entry) => entry.manifest.songId), library.list({ text }).map((entry) => entry.manifest.songId), text);
    }
  });

  it('picks up one hand-edited folder', async () => {
    const [target] = library.list({ sort: 'title' });
    assert.ok(target);
    await copyFile(path.join(FIXTURE_AUDIO, 'bass.mp3'), path.join(target.directory, 'Extra - Bass.mp3'));
    const report = await library.scan();
    assert.equal(report.songs, SONGS);
    assert.equal(report.warnings.length, 1, report.warnings.join('\n'));
    assert.equal(library.get(target.manifest.songId)?.manifest.stems.length, 14);
  });
});
