import assert from 'node:assert/strict';
import { cp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createLibrary } from '../../main/library/library.js';
import { parseManifestText } from '../../main/library/manifest.js';
import { MANIFEST_FILE, MANIFEST_VERSION, type Library, type Manifest } from '../../main/library/types.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { copyFixture, makeTempDir, songMeta } from './helpers.js';

async function readManifestFile(directory: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(directory, MANIFEST_FILE), 'utf8')) as Manifest;
}

describe('library scan', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;
  let library: Library;
  const clock = new ManualClock(Date.UTC(2026, 5, 1));

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    root = path.join(dir, 'Library');
    library = await createLibrary({ root, clock });
  });

  afterEach(async () => {
    await cleanup();
  });

  it('round-trips a manifest', async () => {
    const song = await library.prepareSong(songMeta());
    await library.update(song.manifest.songId, { tags: ['demo'], favourite: true, notes: 'n' });
    const reopened = await createLibrary({ root, clock });
    const entry = reopened.get(song.manifest.songId);
    assert.ok(entry);
    assert.deepEqual(entry.manifest, { ...song.manifest, tags: ['demo'], favourite: true, notes: 'n' });
    assert.equal(entry.manifest.version, MANIFEST_VERSION);
  });

  it('keeps unknown manifest fields', async () => {
    const song = await library.prepareSong(songMeta());
    const manifest = await readManifestFile(song.directory);
    await writeFile(path.join(song.directory, MANIFEST_FILE), JSON.stringify({ ...manifest, pluginData: { bpm: 120 } }));
    await library.scan();
    await library.update(song.manifest.songId, { notes: 'kept' });
    const written = (await readManifestFile(song.directory)) as Manifest & { pluginData?: unknown };
    assert.deepEqual(written.pluginData, { bpm: 120 });
    assert.equal(written.notes, 'kept');
  });

  it('parseManifestText reports the field', () => {
    const result = parseManifestText(JSON.stringify({ version: 1, songId: 'x' }));
    assert.equal(result.kind, 'corrupt');
    assert.match(result.kind === 'corrupt' ? result.reason : '', /invalid field song/u);
  });

  it('rebuilds a corrupt manifest from the files', async () => {
    const song = await library.prepareSong(songMeta());
    await copyFixture('vocal', path.join(song.directory, 'Midnight Addiction - Vocals.mp3'));
    await copyFixture('drums', path.join(song.directory, 'Midnight Addiction - Drums.mp3'));
    await writeFile(path.join(song.directory, MANIFEST_FILE), '{"version": 1, "songId": "suno-a1b2c3d4-0000-4000-8000-000000000001", "song": {"title": "Midnight Addiction", "lyr');
    await clock.advance(1000);
    const report = await library.scan();

    assert.equal(report.rebuilt, 1);
    assert.ok(report.warnings.some((warning) => warning.includes('damaged')));
    const names = await readdir(song.directory);
    assert.ok(names.includes(`${MANIFEST_FILE}.corrupt-${clock.now()}`), names.join(', '));
    const rebuilt = await readManifestFile(song.directory);
    assert.equal(rebuilt.song.title, 'Midnight Addiction');
    assert.deepEqual(rebuilt.stems.map((stem) => stem.key).sort(), ['drums', 'vocal']);
    assert.ok(rebuilt.warnings.some((warning) => warning.includes('moved to stemcrate.json.corrupt-')));
    assert.equal(library.list({}).length, 1);
  });

  it('keeps every corrupt copy', async () => {
    const song = await library.prepareSong(songMeta());
    const manifestFile = path.join(song.directory, MANIFEST_FILE);
    await writeFile(manifestFile, 'first damage');
    await library.scan();
    await writeFile(manifestFile, 'second damage');
    await library.scan();
    const aside = (await readdir(song.directory)).filter((name) => name.includes('.corrupt-')).sort();
    assert.deepEqual(aside, [`${MANIFEST_FILE}.corrupt-${clock.now()}`, `${MANIFEST_FILE}.corrupt-${clock.now()}-2`]);
    assert.equal(await readFile(path.join(song.directory, aside[0] ?? ''), 'utf8'), 'first damage');
    assert.ok(library.get(song.manifest.songId), 'the id comes from the last scan');
    assert.equal(library.get(song.manifest.songId)?.manifest.song.lyrics, songMeta().lyrics);
  });

  it('salvages valid fields of an invalid manifest', async () => {
    const song = await library.prepareSong(songMeta());
    const manifest = await readManifestFile(song.directory);
    await writeFile(path.join(song.directory, MANIFEST_FILE), JSON.stringify({ ...manifest, favourite: 'yes', tags: ['kept', 7] }));
    await library.scan();
    const entry = library.get(song.manifest.songId);
    assert.ok(entry, 'the song id survives');
    assert.equal(entry.manifest.song.lyrics, songMeta().lyrics);
    assert.deepEqual(entry.manifest.tags, ['kept']);
    assert.equal(entry.manifest.favourite, false);
  });

  it('imports a hand-made folder', async () => {
    const folder = path.join(root, 'Sunset Drive');
    await mkdir(folder);
    await copyFixture('vocal', path.join(folder, 'Sunset Drive - Vocals.mp3'));
    await copyFixture('drums', path.join(folder, 'Sunset Drive - Drums.mp3'));
    await copyFixture('origin', path.join(folder, 'mix.mp3'));
    await writeFile(path.join(folder, 'cover.png'), 'png');
    await writeFile(path.join(folder, 'Sunset Drive - Bass.part'), 'partial');
    await writeFile(path.join(folder, '.DS_Store'), 'hidden');
    const report = await library.scan();

    assert.equal(report.imported, 1);
    const [entry] = library.list({ text: 'sunset' });
    assert.ok(entry);
    assert.match(entry.manifest.songId, /^local-/u);
    assert.equal(entry.manifest.song.title, 'Sunset Drive');
    assert.equal(entry.manifest.coverFile, 'cover.png');
    const stems = entry.manifest.stems.map((stem) => [stem.fileName, stem.key, stem.label, stem.mode]);
    assert.deepEqual(stems.sort(), [
      ['Sunset Drive - Drums.mp3', 'drums', 'Drums', 'instrumental'],
      ['Sunset Drive - Vocals.mp3', 'vocal', 'Vocals', 'vocal'],
      ['mix.mp3', 'origin', 'mix', 'vocal'],
    ]);
    for (const stem of entry.manifest.stems) {
      assert.notEqual(stem.durationSeconds, null, stem.fileName);
      assert.ok(Math.abs((stem.durationSeconds ?? 0) - 4) < 0.06, String(stem.durationSeconds));
      assert.match(stem.sha256, /^[0-9a-f]{64}$/u);
    }
    await readManifestFile(folder);
    assert.equal(await library.resolveCover(entry.manifest.songId), path.join(library.root, 'Sunset Drive', 'cover.png'));
  });

  it('ignores folders without audio', async () => {
    await mkdir(path.join(root, 'Notes'));
    await writeFile(path.join(root, 'Notes', 'todo.txt'), 'x');
    await mkdir(path.join(root, '.hidden'));
    await copyFixture('vocal', path.join(root, '.hidden', 'x.mp3'));
    await writeFile(path.join(root, 'loose.mp3'), 'x');
    const report = await library.scan();
    assert.equal(report.songs, 0);
  });

  it('picks up files added and removed by hand', async () => {
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    const baseName = library.stemBaseName(id, { key: 'vocal', label: 'Vocals', mode: 'vocal' });
    await copyFixture('vocal', path.join(song.directory, `${baseName}.mp3`));
    await library.addSeparation(id, { taskId: 't1', mode: 'vocal', createdAt: 1, completedAt: 2, credits: 1 }, [
      { key: 'vocal', sourceKey: 'vocal_url', label: 'Vocals', mode: 'vocal', taskId: 't1', fileName: `${baseName}.mp3`, bytes: 0, sha256: '', durationSeconds: null, nearSilent: false },
    ]);
    await rm(path.join(song.directory, `${baseName}.mp3`));
    await copyFixture('bass', path.join(song.directory, 'Midnight Addiction - Bass.mp3'));
    const report = await library.scan();

    const entry = library.get(id);
    assert.ok(entry);
    assert.deepEqual(entry.manifest.stems.map((stem) => stem.fileName), ['Midnight Addiction - Bass.mp3']);
    assert.ok(report.warnings.some((warning) => warning.includes('is missing')));
    assert.ok(report.warnings.some((warning) => warning.includes('added by hand')));
    assert.deepEqual((await readManifestFile(song.directory)).stems.map((stem) => stem.fileName), ['Midnight Addiction - Bass.mp3']);
  });

  it('reuses unchanged folders and finds new ones', async () => {
    const song = await library.prepareSong(songMeta());
    await library.scan();
    const cached = library.get(song.manifest.songId);
    await library.scan();
    assert.equal(library.get(song.manifest.songId), cached, 'an unchanged folder keeps its entry object');
    const folder = path.join(root, 'Added Later');
    await mkdir(folder);
    await copyFixture('drums', path.join(folder, 'Added Later - Drums.mp3'));
    const report = await library.scan();
    assert.equal(report.songs, 2);
    assert.equal(report.imported, 1);
    await rm(folder, { recursive: true });
    assert.equal((await library.scan()).songs, 1);
  });

  it('gives a copied folder a new id', async () => {
    const song = await library.prepareSong(songMeta());
    await cp(song.directory, path.join(root, 'Midnight Addiction copy'), { recursive: true });
    const report = await library.scan();
    assert.equal(report.songs, 2);
    const ids = library.list({}).map((entry) => entry.manifest.songId);
    assert.equal(new Set(ids).size, 2);
    assert.ok(ids.includes(song.manifest.songId));
    assert.equal(library.findBySunoId(song.manifest.song.sunoId ?? '')?.folderName, 'Midnight Addiction');
  });

  it('leaves a newer manifest unchanged', async () => {
    const song = await library.prepareSong(songMeta());
    const manifest = await readManifestFile(song.directory);
    const newer = JSON.stringify({ ...manifest, version: MANIFEST_VERSION + 1, futureField: true });
    await writeFile(path.join(song.directory, MANIFEST_FILE), newer);
    const report = await library.scan();
    const entry = library.get(song.manifest.songId);
    assert.equal(entry?.readOnly, true);
    assert.ok(report.warnings.some((warning) => warning.includes('newer Stemcrate')));
    await assert.rejects(library.update(song.manifest.songId, { notes: 'x' }), /newer version/u);
    assert.equal(await readFile(path.join(song.directory, MANIFEST_FILE), 'utf8'), newer);
  });

  it('skips a linked song folder', async () => {
    const outside = path.join(dir, 'Outside');
    await mkdir(outside);
    await copyFixture('vocal', path.join(outside, 'Outside - Vocals.mp3'));
    await symlink(outside, path.join(root, 'Linked'));
    const report = await library.scan();
    assert.equal(report.songs, 0);
    assert.ok(report.warnings.some((warning) => warning.startsWith('Linked is a link')));
    assert.deepEqual(await readdir(outside), ['Outside - Vocals.mp3']);
  });
});
