import assert from 'node:assert/strict';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createLibrary } from '../../main/library/library.js';
import { isInside } from '../../main/library/paths.js';
import { MANIFEST_FILE, type Library, type Manifest, type SongEntry } from '../../main/library/types.js';
import { copyFixture, makeTempDir, songMeta } from './helpers.js';

function hasCode(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

describe('library path safety', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let library: Library;
  let song: SongEntry;
  let outside: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    library = await createLibrary({ root: path.join(dir, 'Library') });
    song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    const fileName = `${library.stemBaseName(id, { key: 'vocal', label: 'Vocals', mode: 'vocal' })}.mp3`;
    await copyFixture('vocal', path.join(song.directory, fileName));
    song = await library.addSeparation(id, { taskId: 't', mode: 'vocal', createdAt: 1, completedAt: 2, credits: null }, [
      { key: 'vocal', sourceKey: 'vocal_url', label: 'Vocals', mode: 'vocal', taskId: 't', fileName, bytes: 0, sha256: '', durationSeconds: null, nearSilent: false },
    ]);
    outside = path.join(dir, 'secret.mp3');
    await writeFile(outside, 'not for the renderer');
  });

  afterEach(async () => {
    await cleanup();
  });

  it('rejects dot-dot stem ids', async () => {
    const id = song.manifest.songId;
    for (const stemId of [`${id}/../secret.mp3`, `${id}/..`, `../${id}/x.mp3`, `${id}/sub/../../secret.mp3`, `${id}\\..\\secret.mp3`]) {
      await assert.rejects(library.resolveStem(stemId), hasCode('invalid_argument'), stemId);
    }
  });

  it('rejects absolute and malformed stem ids', async () => {
    for (const stemId of [outside, '/etc/passwd', '', 'no-slash', `${song.manifest.songId}/`]) {
      await assert.rejects(library.resolveStem(stemId), hasCode('invalid_argument'), stemId);
    }
  });

  it('reports unknown songs and files', async () => {
    await assert.rejects(library.resolveStem('suno-unknown/x.mp3'), hasCode('not_found'));
    await assert.rejects(library.resolveStem(`${song.manifest.songId}/${MANIFEST_FILE}`), hasCode('not_found'));
    await assert.rejects(library.resolveStem(`${song.manifest.songId}/other.mp3`), hasCode('not_found'));
    await assert.rejects(library.resolveCover('suno-unknown'), hasCode('not_found'));
  });

  it('rejects a stem replaced by a link out', async () => {
    const stem = song.manifest.stems[0];
    assert.ok(stem);
    const file = path.join(song.directory, stem.fileName);
    await rm(file);
    await symlink(outside, file);
    await assert.rejects(library.resolveStem(`${song.manifest.songId}/${stem.fileName}`), hasCode('invalid_argument'));
  });

  it('rejects a cover linked out', async () => {
    await symlink(outside, path.join(song.directory, 'cover.png'));
    await assert.rejects(library.setCover(song.manifest.songId, 'cover.png'), hasCode('invalid_argument'));
    await assert.rejects(library.setCover(song.manifest.songId, '../secret.mp3'), hasCode('invalid_argument'));
  });

  it('rejects a song folder swapped for a link', async () => {
    const outsideFolder = path.join(dir, 'Elsewhere');
    await mkdir(outsideFolder);
    const stem = song.manifest.stems[0];
    assert.ok(stem);
    await copyFixture('vocal', path.join(outsideFolder, stem.fileName));
    await rm(song.directory, { recursive: true });
    await symlink(outsideFolder, song.directory);
    await assert.rejects(library.resolveStem(`${song.manifest.songId}/${stem.fileName}`), hasCode('invalid_argument'));
    assert.throws(() => library.stemBaseName(song.manifest.songId, { key: 'drums', label: 'Drums', mode: 'instrumental' }), hasCode('invalid_argument'));
    await assert.rejects(library.update(song.manifest.songId, { notes: 'x' }), hasCode('invalid_argument'));
    assert.equal((await readFile(path.join(outsideFolder, stem.fileName))).length, 28524);
  });

  it('ignores stem files linked out during a scan', async () => {
    await symlink(outside, path.join(song.directory, 'Leak - Drums.mp3'));
    const report = await library.scan();
    assert.ok(report.warnings.some((warning) => warning.includes('Leak - Drums.mp3')));
    const manifest = JSON.parse(await readFile(path.join(song.directory, MANIFEST_FILE), 'utf8')) as Manifest;
    assert.ok(!manifest.stems.some((stem) => stem.fileName === 'Leak - Drums.mp3'));
  });

  it('keeps hostile titles inside the root', async () => {
    for (const title of ['../../escape', '/etc/passwd', '..', 'C:\\Windows\\x', 'a/../../b']) {
      const entry = await library.prepareSong(songMeta({ sunoId: `id-${title.length}-${title.charCodeAt(0)}`, title }));
      assert.equal(path.dirname(entry.directory), library.root, title);
    }
  });

  it('isInside compares whole segments', () => {
    assert.equal(isInside('/lib', '/lib/a'), true);
    assert.equal(isInside('/lib', '/lib/..a'), true);
    assert.equal(isInside('/lib', '/library'), false);
    assert.equal(isInside('/lib', '/lib/../x'), false);
    assert.equal(isInside('/lib', '/'), false);
  });
});
