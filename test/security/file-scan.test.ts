// The file scan the key-leak test relies on must find a planted key, or its zero hits prove nothing.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findInFiles } from './file-scan.js';

const KEY = 'sk-planted-0123456789';

describe('findInFiles', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-scan-'));
    await mkdir(path.join(root, 'nested', 'deeper'), { recursive: true });
    await mkdir(path.join(root, 'clean'));
    await writeFile(path.join(root, 'clean', 'settings.json'), '{"ok":true}');
    await writeFile(path.join(root, 'nested', 'deeper', 'utf8.log'), `key=${KEY}\n`);
    await writeFile(path.join(root, 'nested', 'utf16.dat'), Buffer.from(`x${KEY}x`, 'utf16le'));
    await symlink(path.join(root, 'nested', 'deeper', 'utf8.log'), path.join(root, 'link.log'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds UTF-8 and UTF-16 copies', async () => {
    const hits = await findInFiles([root], [KEY]);
    const files = hits.map((hit) => path.relative(root, hit.where)).sort();
    assert.deepEqual(files, [path.join('nested', 'deeper', 'utf8.log'), path.join('nested', 'utf16.dat')]);
  });

  it('finds nothing in clean files', async () => {
    const clean = path.join(root, 'clean');
    assert.deepEqual(await findInFiles([clean], [KEY]), []);
    assert.equal((await findInFiles([clean], ['"ok"'])).length, 1, 'the clean file was read');
  });
});
