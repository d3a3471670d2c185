import assert from 'node:assert/strict';
import { access, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createLibrary } from '../../main/library/library.js';
import { labelForKey } from '../../main/library/stem-keys.js';
import { MANIFEST_FILE, MANIFEST_VERSION, type Library, type SeparationRecord, type StemRecord } from '../../main/library/types.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { copyFixture, makeTempDir, songMeta } from './helpers.js';

const VOCAL_STEMS = [
  { key: 'origin', label: 'Origin' },
  { key: 'vocal', label: 'Vocals' },
  { key: 'instrumental', label: 'Instrumental' },
];

const TWELVE_STEMS = ['origin', 'vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'];

/** Writes fixture MP3s the way the downloader would and records them as one separation. */
async function downloadSeparation(library: Library, songId: string, mode: 'vocal' | 'instrumental', taskId: string, keys?: string[]) {
  const stems = mode === 'vocal' ? VOCAL_STEMS : TWELVE_STEMS.map((key) => ({ key, label: labelForKey(key) }));
  const chosen = keys ? stems.filter((stem) => keys.includes(stem.key)) : stems;
  const directory = library.get(songId)?.directory ?? '';
  const records: StemRecord[] = [];
  for (const stem of chosen) {
    const baseName = library.stemBaseName(songId, { key: stem.key, label: stem.label, mode });
    const fileName = `${baseName}.mp3`;
    await copyFixture(stem.key, path.join(directory, fileName));
    records.push({ key: stem.key, sourceKey: `${stem.key}_url`, label: stem.label, mode, taskId, fileName, bytes: 0, sha256: '', durationSeconds: null, nearSilent: false });
  }
  const separation: SeparationRecord = { taskId, mode, createdAt: Date.UTC(2026, 2, 15), completedAt: Date.UTC(2026, 2, 15, 0, 2), credits: 2.5 };
  return library.addSeparation(songId, separation, records);
}

describe('library', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;
  let trashDir: string;
  let library: Library;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    root = path.join(dir, 'Library');
    trashDir = path.join(dir, 'Trash');
    await mkdir(trashDir);
    library = await createLibrary({
      root,
      clock,
      trashItem: async (target) => rename(target, path.join(trashDir, path.basename(target))),
    });
  });

  afterEach(async () => {
    await cleanup();
  });

  it('creates the root when missing', async () => {
    await access(root);
    assert.equal(library.root, path.join(await import('node:fs/promises').then((fs) => fs.realpath(dir)), 'Library'));
  });

  it('prepareSong writes folder and manifest', async () => {
    const entry = await library.prepareSong(songMeta());
    assert.equal(entry.folderName, 'Midnight Addiction');
    assert.equal(entry.manifest.songId, 'suno-a1b2c3d4-0000-4000-8000-000000000001');
    const manifest = JSON.parse(await readFile(path.join(entry.directory, MANIFEST_FILE), 'utf8'));
    assert.equal(manifest.version, MANIFEST_VERSION);
    assert.equal(manifest.song.title, 'Midnight Addiction');
    assert.equal(manifest.song.styleTags, 'synthwave, dark, female vocals');
    assert.equal(manifest.addedAt, clock.now());
  });

  it('prepareSong returns the known song', async () => {
    const first = await library.prepareSong(songMeta({ lyrics: '' }));
    const second = await library.prepareSong(songMeta({ title: 'Other title', lyrics: 'late lyrics' }));
    assert.equal(second.manifest.songId, first.manifest.songId);
    assert.equal(second.directory, first.directory);
    assert.equal(second.manifest.song.title, 'Midnight Addiction');
    assert.equal(second.manifest.song.lyrics, 'late lyrics');
    assert.equal((await readdir(root)).length, 1);
  });

  it('keeps two songs with one title apart', async () => {
    const a = await library.prepareSong(songMeta({ sunoId: 'song-a' }));
    const b = await library.prepareSong(songMeta({ sunoId: 'song-b', title: 'MIDNIGHT ADDICTION' }));
    const c = await library.prepareSong(songMeta({ sunoId: 'song-c' }));
    assert.equal(a.folderName, 'Midnight Addiction');
    assert.equal(b.folderName, 'MIDNIGHT ADDICTION (2)');
    assert.equal(c.folderName, 'Midnight Addiction (3)');
    assert.notEqual(a.manifest.songId, b.manifest.songId);
  });

  it('serialises concurrent prepareSong calls', async () => {
    const entries = await Promise.all([1, 2, 3, 4].map(() => library.prepareSong(songMeta())));
    assert.equal(new Set(entries.map((entry) => entry.manifest.songId)).size, 1);
    assert.equal((await readdir(root)).length, 1);
  });

  it('stemBaseName never repeats a name', async () => {
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    const first = library.stemBaseName(id, { key: 'drums', label: 'Drums', mode: 'instrumental' });
    const second = library.stemBaseName(id, { key: 'drums', label: 'Drums', mode: 'instrumental' });
    await writeFile(path.join(song.directory, 'Midnight Addiction - Bass.part'), '');
    const third = library.stemBaseName(id, { key: 'bass', label: 'Bass', mode: 'instrumental' });
    assert.equal(first, 'Midnight Addiction - Drums');
    assert.equal(second, 'Midnight Addiction - Drums (2)');
    assert.equal(third, 'Midnight Addiction - Bass (2)');
  });

  it('stemBaseName rejects an unknown song', () => {
    assert.throws(() => library.stemBaseName('suno-missing', { key: 'drums', label: 'Drums', mode: 'vocal' }), (error: unknown) => error instanceof AppError && error.code === 'not_found');
  });

  it('records a vocal separation with measured stems', async () => {
    const song = await library.prepareSong(songMeta({ durationSeconds: null }));
    const entry = await downloadSeparation(library, song.manifest.songId, 'vocal', 'task-vocal');
    assert.equal(entry.manifest.separations.length, 1);
    assert.equal(entry.manifest.stems.length, 3);
    for (const stem of entry.manifest.stems) {
      assert.equal(stem.durationSeconds, 4, stem.fileName);
      assert.match(stem.sha256, /^[0-9a-f]{64}$/u);
      assert.equal(stem.bytes, 28524);
      assert.equal(stem.nearSilent, false);
    }
    assert.equal(entry.manifest.song.durationSeconds, 4);
    assert.deepEqual(entry.manifest.warnings, []);
    assert.ok(entry.bytes > 3 * 28524);
  });

  it('keeps vocal and 12-stem separations side by side', async () => {
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    await downloadSeparation(library, id, 'vocal', 'task-vocal');
    const entry = await downloadSeparation(library, id, 'instrumental', 'task-twelve');
    assert.equal(entry.manifest.stems.length, 16);
    const names = new Set(entry.manifest.stems.map((stem) => stem.fileName));
    assert.equal(names.size, 16);
    assert.ok(names.has('Midnight Addiction - Vocals.mp3'));
    assert.ok(names.has('Midnight Addiction - Vocals (12-stem).mp3'));
    assert.ok(names.has('Midnight Addiction - Origin (12-stem).mp3'));
    const silent = entry.manifest.stems.filter((stem) => stem.nearSilent).map((stem) => stem.key).sort();
    assert.deepEqual(silent, ['brass', 'woodwinds']);
    assert.ok(entry.manifest.warnings.some((warning) => warning.includes('near-silent')));
  });

  it('a second vocal separation gets new names', async () => {
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    await downloadSeparation(library, id, 'vocal', 'task-1');
    const entry = await downloadSeparation(library, id, 'vocal', 'task-2');
    assert.equal(entry.manifest.stems.length, 6);
    assert.ok(entry.manifest.stems.some((stem) => stem.fileName === 'Midnight Addiction - Vocals (2).mp3'));
  });

  it('warns about a missing vocal-mode stem', async () => {
    const song = await library.prepareSong(songMeta());
    const entry = await downloadSeparation(library, song.manifest.songId, 'vocal', 'task-partial', ['origin', 'vocal']);
    assert.ok(entry.manifest.warnings.some((warning) => warning.includes('Instrumental stem is missing')), entry.manifest.warnings.join('\n'));
  });

  it('rejects a stem file outside the folder', async () => {
    const song = await library.prepareSong(songMeta());
    const stem: StemRecord = {
      key: 'vocal', sourceKey: 'vocal_url', label: 'Vocals', mode: 'vocal', taskId: 't', fileName: '../escape.mp3',
      bytes: 0, sha256: '', durationSeconds: null, nearSilent: false,
    };
    await assert.rejects(
      library.addSeparation(song.manifest.songId, { taskId: 't', mode: 'vocal', createdAt: 0, completedAt: null, credits: null }, [stem]),
      (error: unknown) => error instanceof AppError && error.code === 'invalid_argument',
    );
  });

  it('resolveStem returns the real file', async () => {
    const song = await library.prepareSong(songMeta());
    const entry = await downloadSeparation(library, song.manifest.songId, 'vocal', 'task-vocal');
    const stem = entry.manifest.stems[0];
    assert.ok(stem);
    const file = await library.resolveStem(`${entry.manifest.songId}/${stem.fileName}`);
    assert.equal(file, path.join(entry.directory, stem.fileName));
  });

  it('updates tags, favourite and notes', async () => {
    const song = await library.prepareSong(songMeta());
    const updated = await library.update(song.manifest.songId, { tags: [' live ', 'Live', 'demo', ''], favourite: true, notes: 'use the drums' });
    assert.deepEqual(updated.manifest.tags, ['live', 'demo']);
    assert.equal(updated.manifest.favourite, true);
    assert.equal(updated.manifest.notes, 'use the drums');
    const onDisk = JSON.parse(await readFile(path.join(updated.directory, MANIFEST_FILE), 'utf8'));
    assert.deepEqual(onDisk.tags, ['live', 'demo']);
    assert.equal(library.list({ favouritesOnly: true }).length, 1);
  });

  it('rejects an empty title', async () => {
    const song = await library.prepareSong(songMeta());
    await assert.rejects(library.update(song.manifest.songId, { title: '   ' }), (error: unknown) => error instanceof AppError && error.code === 'invalid_argument');
  });

  it('rename moves the folder and keeps ids', async () => {
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    await downloadSeparation(library, id, 'vocal', 'task-vocal');
    await library.prepareSong(songMeta({ sunoId: 'other', title: 'Sunrise' }));
    const renamed = await library.update(id, { title: 'Sunrise' });
    assert.equal(renamed.folderName, 'Sunrise (2)');
    assert.equal(renamed.manifest.songId, id);
    assert.deepEqual((await readdir(root)).sort(), ['Sunrise', 'Sunrise (2)']);
    assert.equal(library.get(id)?.directory, path.join(library.root, 'Sunrise (2)'));
    const stem = renamed.manifest.stems[0];
    assert.ok(stem);
    await access(await library.resolveStem(`${id}/${stem.fileName}`));
    const report = await library.scan();
    assert.equal(report.songs, 2);
    assert.equal(library.get(id)?.folderName, 'Sunrise (2)');
  });

  it('rename to a case variant keeps the folder', async () => {
    const song = await library.prepareSong(songMeta());
    const renamed = await library.update(song.manifest.songId, { title: 'MIDNIGHT ADDICTION' });
    assert.equal(renamed.folderName, 'MIDNIGHT ADDICTION');
    assert.deepEqual(await readdir(root), ['MIDNIGHT ADDICTION']);
  });

  it('trash moves the folder through trashItem', async () => {
    const song = await library.prepareSong(songMeta());
    await downloadSeparation(library, song.manifest.songId, 'vocal', 'task-vocal');
    await library.trash(song.manifest.songId);
    assert.deepEqual(await readdir(root), []);
    assert.deepEqual(await readdir(trashDir), ['Midnight Addiction']);
    assert.equal((await readdir(path.join(trashDir, 'Midnight Addiction'))).length, 4);
    assert.equal(library.get(song.manifest.songId), undefined);
    assert.equal(library.findBySunoId(song.manifest.song.sunoId ?? ''), undefined);
  });

  it('trash keeps the song when trashItem fails', async () => {
    const failing = await createLibrary({ root, clock, trashItem: async () => Promise.reject(new Error('no trash here')) });
    const song = await failing.prepareSong(songMeta());
    await assert.rejects(failing.trash(song.manifest.songId), (error: unknown) => error instanceof AppError && error.code === 'storage');
    assert.ok(failing.get(song.manifest.songId));
    await access(song.directory);
  });

  it('records an explained missing stem', async () => {
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    const directory = song.directory;
    const fileName = `${library.stemBaseName(id, { key: 'vocal', label: 'Vocals', mode: 'vocal' })}.mp3`;
    await copyFixture('vocal', path.join(directory, fileName));
    const stem: StemRecord = {
      key: 'vocal', sourceKey: 'vocal_url', label: 'Vocals', mode: 'vocal', taskId: 't', fileName,
      bytes: 0, sha256: '', durationSeconds: null, nearSilent: false,
    };
    const entry = await library.addSeparation(id, { taskId: 't', mode: 'vocal', createdAt: 1, completedAt: 2, credits: 1 }, [stem], {
      explained: [{ key: 'origin', reason: 'the provider sent no link.' }],
    });
    assert.ok(entry.manifest.warnings.includes('Separation t (vocal): Origin stem is absent: the provider sent no link.'), entry.manifest.warnings.join('\n'));
    assert.ok(entry.manifest.warnings.some((warning) => warning.includes('Instrumental stem is missing')));
  });

  it('setCover records the cover file', async () => {
    const song = await library.prepareSong(songMeta());
    assert.equal(await library.resolveCover(song.manifest.songId), null);
    await writeFile(path.join(song.directory, 'cover.png'), 'png bytes');
    const entry = await library.setCover(song.manifest.songId, 'cover.png');
    assert.equal(entry.manifest.coverFile, 'cover.png');
    assert.equal(await library.resolveCover(song.manifest.songId), path.join(song.directory, 'cover.png'));
    await assert.rejects(library.setCover(song.manifest.songId, 'missing.png'), (error: unknown) => error instanceof AppError && error.code === 'not_found');
  });

  it('prepareSong recreates a deleted folder', async () => {
    const song = await library.prepareSong(songMeta());
    await rm(song.directory, { recursive: true });
    const again = await library.prepareSong(songMeta());
    assert.equal(again.manifest.songId, song.manifest.songId);
    await access(path.join(again.directory, MANIFEST_FILE));
  });

  it('summary counts songs, stems and bytes', async () => {
    const song = await library.prepareSong(songMeta());
    await downloadSeparation(library, song.manifest.songId, 'vocal', 'task-vocal');
    const summary = library.summary();
    assert.equal(summary.songCount, 1);
    assert.equal(summary.stemCount, 3);
    assert.ok(summary.totalBytes > 3 * 28524);
    assert.equal(summary.folder, library.root);
  });

  it('uses the naming template', async () => {
    const custom = await createLibrary({ root: path.join(dir, 'Custom'), clock, namingTemplate: '{date} {title}/{stem}' });
    const song = await custom.prepareSong(songMeta());
    assert.equal(song.folderName, '2026-03-14 Midnight Addiction');
    assert.equal(custom.stemBaseName(song.manifest.songId, { key: 'drums', label: 'Drums', mode: 'instrumental' }), 'Drums');
    assert.throws(() => custom.setNamingTemplate('{bogus}'), /unknown placeholder \{bogus\}/u);
  });
});
