import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { INDEX_FORMAT, INDEX_FORMAT_VERSION, decodeHeader, decodeLine, encodeFolderLine, type FolderLine } from '../../main/library/index-codec.js';
import { LIBRARY_INDEX_FILE, LibraryIndexFile } from '../../main/library/index-store.js';
import { createLibrary } from '../../main/library/library.js';
import { emptySongMeta } from '../../main/library/manifest.js';
import { MANIFEST_VERSION, type Manifest, type StemRecord } from '../../main/library/types.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { makeTempDir, songMeta } from './helpers.js';

const STAMP = { folderMtimeMs: 1_780_000_000_123.25, manifestMtimeMs: 1_780_000_000_456.5, manifestSize: 2048 };

function stem(key: string, overrides: Partial<StemRecord> = {}): StemRecord {
  return {
    key,
    sourceKey: `${key}_url`,
    label: key === 'drums' ? 'Drums' : 'Vocals',
    mode: 'instrumental',
    taskId: 'sep-2',
    fileName: `Song - ${key}.mp3`,
    bytes: 1234,
    sha256: 'ab'.repeat(32),
    durationSeconds: 181.5,
    nearSilent: false,
    ...overrides,
  };
}

function manifestWith(stems: StemRecord[]): Manifest {
  return {
    version: MANIFEST_VERSION,
    songId: 'local-format',
    song: { ...emptySongMeta('Format Song'), lyrics: 'Ça va 🎧' },
    addedAt: 5,
    favourite: false,
    notes: '',
    tags: ['demo'],
    coverFile: null,
    separations: [
      { taskId: 'sep-1', mode: 'vocal', createdAt: 1, completedAt: 2, credits: 1 },
      { taskId: 'sep-2', mode: 'instrumental', createdAt: 3, completedAt: null, credits: null },
    ],
    stems,
    warnings: [],
  };
}

function roundTrip(manifest: Manifest): { text: string; line: FolderLine } {
  const text = encodeFolderLine({ folderName: 'Format Song', stamp: STAMP, bytes: 99, readOnly: false, manifest, wordIds: Int32Array.of(0, 2) });
  const line = decodeLine(text, 3);
  assert.ok(line, 'the line decodes');
  assert.equal(line.kind, 'folder');
  return { text, line };
}

/** Returns the stems of an encoded line as its JSON contains them. */
function storedStems(text: string): unknown[] {
  return (JSON.parse(text) as { manifest: { stems: unknown[] } }).manifest.stems;
}

describe('index line format', () => {
  it('round-trips derivable stems in short form', () => {
    const manifest = manifestWith([stem('drums'), stem('vocal', { mode: 'vocal', taskId: 'sep-1', durationSeconds: null, nearSilent: true })]);
    const { text, line } = roundTrip(manifest);
    assert.deepEqual(line.manifest, manifest);
    assert.deepEqual(line.stamp, STAMP);
    assert.deepEqual([...(line.wordIds ?? [])], [0, 2]);
    assert.deepEqual(storedStems(text), [
      ['drums', 'Song - drums.mp3', 1234, 'ab'.repeat(32), 181.5, false, 1],
      ['vocal', 'Song - vocal.mp3', 1234, 'ab'.repeat(32), null, true, 0],
    ]);
  });

  it('keeps stems that differ from the derived fields', () => {
    const stems = [
      stem('drums', { label: 'Live Drums' }),
      stem('drums', { sourceKey: 'stem_1' }),
      stem('drums', { taskId: 'imported' }),
      stem('drums', { mode: 'vocal' }),
    ];
    const { text, line } = roundTrip(manifestWith(stems));
    assert.deepEqual(line.manifest.stems, stems);
    assert.ok(storedStems(text).every((stored) => Array.isArray(stored) && stored.length === 10), 'full array form');
  });

  it('keeps stems with extra fields as objects', () => {
    const future = { ...stem('drums'), loudness: -14 } as StemRecord;
    const { text, line } = roundTrip(manifestWith([future]));
    assert.deepEqual(line.manifest.stems, [future]);
    assert.deepEqual(storedStems(text), [future]);
  });

  it('rejects damaged short stems', () => {
    const { text } = roundTrip(manifestWith([stem('drums')]));
    const cases: [string, unknown][] = [
      ['missing separation', ['drums', 'a.mp3', 1, 'x', 1, false, 2]],
      ['fractional position', ['drums', 'a.mp3', 1, 'x', 1, false, 0.5]],
      ['position as text', ['drums', 'a.mp3', 1, 'x', 1, false, '0']],
      ['path as file name', ['drums', '../a.mp3', 1, 'x', 1, false, 0]],
      ['bytes as text', ['drums', 'a.mp3', '1', 'x', 1, false, 0]],
      ['key as number', [7, 'a.mp3', 1, 'x', 1, false, 0]],
      ['eight fields', ['drums', 'a.mp3', 1, 'x', 1, false, 0, 0]],
    ];
    for (const [name, stored] of cases) {
      const record = JSON.parse(text) as { manifest: { stems: unknown[] } };
      record.manifest.stems = [stored];
      assert.equal(decodeLine(JSON.stringify(record), 3), null, name);
    }
  });

  it('rejects truncated and foreign lines', () => {
    const { text } = roundTrip(manifestWith([stem('drums')]));
    assert.equal(decodeLine(text.slice(0, -40), 3), null, 'truncated');
    assert.equal(decodeLine(text, 2), null, 'word id outside the vocabulary');
    assert.equal(decodeLine('[1,2,3]', 3), null, 'array');
    assert.equal(decodeLine('', 3), null, 'empty');
  });
});

describe('index format version', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });

  afterEach(async () => {
    await cleanup();
  });

  it('rebuilds an index of version 1', async () => {
    const root = path.join(dir, 'Library');
    const dataDir = path.join(dir, 'Data');
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const library = await createLibrary({ root, dataDir, clock });
    const song = await library.prepareSong(songMeta({ title: 'Old Format' }));
    const indexFile = path.join(dataDir, LIBRARY_INDEX_FILE);

    // A version 1 file: for a song without stems its lines match version 2 lines, and the stamp
    // matches the folder on disk, so only the header's version marks the file as old.
    const current = (await readFile(indexFile, 'latin1')).split('\n').filter((line) => line !== '');
    const oldHeader = JSON.stringify({ format: INDEX_FORMAT, version: 1, root: library.root, vocabulary: ['stale'] });
    const oldLine = JSON.parse(current[current.length - 1] ?? '') as { manifest: Manifest & { song: { title: string } } };
    oldLine.manifest.song.title = 'Title only the old index has';
    await writeFile(indexFile, `${oldHeader}\n${JSON.stringify(oldLine)}\n`, 'latin1');

    assert.equal(await new LibraryIndexFile(indexFile).load(library.root), null, 'the old index is ignored');
    const reopened = await createLibrary({ root, dataDir, clock });
    assert.equal(reopened.get(song.manifest.songId)?.manifest.song.title, 'Old Format');
    const header = decodeHeader((await readFile(indexFile, 'latin1')).split('\n')[0] ?? '');
    assert.equal(header?.version, INDEX_FORMAT_VERSION, 'the index is rewritten in the current version');
  });
});
