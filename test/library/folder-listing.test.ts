import assert from 'node:assert/strict';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { listRoot, listRootInWorker } from '../../main/library/folder-listing.js';
import { MANIFEST_FILE } from '../../main/library/types.js';
import { makeTempDir } from './helpers.js';

/** Whole seconds, so the modification time survives `utimes` exactly. */
const MTIME_S = 1_780_000_000;

describe('folder listing', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let root: string;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    root = path.join(dir, 'Library');
    await mkdir(root);
    await mkdir(path.join(root, 'With Manifest'));
    await writeFile(path.join(root, 'With Manifest', MANIFEST_FILE), '{"size": 17}\n');
    await utimes(path.join(root, 'With Manifest', MANIFEST_FILE), MTIME_S, MTIME_S);
    await utimes(path.join(root, 'With Manifest'), MTIME_S + 1, MTIME_S + 1);
    await mkdir(path.join(root, 'No Manifest'));
    await mkdir(path.join(root, '.hidden'));
    await writeFile(path.join(root, 'loose file.mp3'), '');
    await symlink(path.join(root, 'With Manifest'), path.join(root, 'Linked'));
  });

  afterEach(async () => {
    await cleanup();
  });

  it('matches on the worker and the main thread', async () => {
    const onWorker = await listRootInWorker(root);
    const onMain = await listRoot(root, () => true);
    assert.ok(onWorker, 'the worker replied');
    assert.deepEqual(onWorker, onMain);
  });

  it('lists folders, links and stamps', async () => {
    const listing = await listRootInWorker(root);
    assert.ok(listing);
    assert.deepEqual([...listing.folders].sort(), ['No Manifest', 'With Manifest']);
    assert.deepEqual(listing.links, ['Linked']);
    const stamps = new Map(listing.folders.map((folder, position) => [folder, listing.stamps[position]]));
    assert.deepEqual(stamps.get('With Manifest'), { folderMtimeMs: (MTIME_S + 1) * 1000, manifestMtimeMs: MTIME_S * 1000, manifestSize: 13 });
    assert.equal(stamps.get('No Manifest'), null);
  });

  it('stamps only the folders asked for on the main thread', async () => {
    const listing = await listRoot(root, (folder) => folder === 'No Manifest');
    const position = listing.folders.indexOf('With Manifest');
    assert.notEqual(position, -1);
    assert.equal(listing.stamps[position], null);
  });

  it('resolves null for a missing root', async () => {
    assert.equal(await listRootInWorker(path.join(dir, 'Missing')), null);
  });
});
