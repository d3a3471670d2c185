import assert from 'node:assert/strict';
import { access, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createLibrary } from '../../main/library/library.js';
import type { Library, StemRecord } from '../../main/library/types.js';
import { copyFixture, makeTempDir, songMeta } from './helpers.js';

function hasCode(code: string) {
  return (error: unknown) => error instanceof AppError && error.code === code;
}

describe('moveLibrary', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let library: Library;
  let stemId: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    library = await createLibrary({ root: path.join(dir, 'Old') });
    const song = await library.prepareSong(songMeta());
    const id = song.manifest.songId;
    const fileName = `${library.stemBaseName(id, { key: 'drums', label: 'Drums', mode: 'instrumental' })}.mp3`;
    await copyFixture('drums', path.join(song.directory, fileName));
    const stem: StemRecord = {
      key: 'drums', sourceKey: 'drums_url', label: 'Drums', mode: 'instrumental', taskId: 't', fileName,
      bytes: 0, sha256: '', durationSeconds: null, nearSilent: false,
    };
    await library.addSeparation(id, { taskId: 't', mode: 'instrumental', createdAt: 1, completedAt: 2, credits: 1 }, [stem]);
    await library.prepareSong(songMeta({ sunoId: 'second', title: 'Second Song' }));
    stemId = `${id}/${fileName}`;
  });

  afterEach(async () => {
    await cleanup();
  });

  it('copies, verifies and removes', async () => {
    const oldRoot = library.root;
    const before = await readFile(await library.resolveStem(stemId));
    const target = path.join(dir, 'New', 'Library');
    const report = await library.moveLibrary(target);

    assert.equal(report.files, 3);
    assert.deepEqual(report.skipped, []);
    assert.equal(library.root, target);
    await assert.rejects(access(oldRoot));
    assert.deepEqual((await readdir(target)).sort(), ['Midnight Addiction', 'Second Song']);
    const moved = await library.resolveStem(stemId);
    assert.ok(moved.startsWith(target));
    assert.deepEqual(await readFile(moved), before);
    assert.equal(library.summary().songCount, 2);
  });

  it('accepts an empty existing folder', async () => {
    const target = path.join(dir, 'Empty');
    await mkdir(target);
    await library.moveLibrary(target);
    assert.equal(library.list({}).length, 2);
  });

  it('rejects a non-empty target', async () => {
    const target = path.join(dir, 'Busy');
    await mkdir(target);
    await writeFile(path.join(target, 'keep.txt'), 'x');
    await assert.rejects(library.moveLibrary(target), hasCode('invalid_argument'));
    assert.deepEqual(await readdir(target), ['keep.txt']);
    await access(await library.resolveStem(stemId));
  });

  it('rejects a target inside the library', async () => {
    await assert.rejects(library.moveLibrary(path.join(library.root, 'Nested')), hasCode('invalid_argument'));
    await assert.rejects(library.moveLibrary(library.root), hasCode('invalid_argument'));
    const linked = path.join(dir, 'LinkToLibrary');
    await symlink(library.root, linked);
    await assert.rejects(library.moveLibrary(path.join(linked, 'Inner')), hasCode('invalid_argument'));
  });

  it('rejects a relative target', async () => {
    await assert.rejects(library.moveLibrary('relative/folder'), hasCode('invalid_argument'));
  });

  it('leaves links behind and reports them', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'outside');
    const entry = library.list({ text: 'midnight' })[0];
    assert.ok(entry);
    await symlink(outside, path.join(entry.directory, 'link.txt'));
    const oldDirectory = entry.directory;
    const report = await library.moveLibrary(path.join(dir, 'Moved'));
    assert.deepEqual(report.skipped, [path.join('Midnight Addiction', 'link.txt')]);
    assert.deepEqual(await readdir(oldDirectory), ['link.txt']);
    await assert.rejects(access(path.join(dir, 'Moved', 'Midnight Addiction', 'link.txt')));
  });
});
