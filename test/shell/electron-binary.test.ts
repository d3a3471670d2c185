import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { electronPackageDir, findElectronBinary } from '../../tools/electron-binary.js';

let root = '';

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'stemcrate-electron-binary-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function makePackage(name: string, pathTxt: string | null, executable: boolean): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  if (pathTxt !== null) {
    await writeFile(path.join(dir, 'path.txt'), pathTxt);
    await writeFile(path.join(dir, 'dist', pathTxt), '#!/bin/sh\n');
    await chmod(path.join(dir, 'dist', pathTxt), executable ? 0o755 : 0o644);
  }
  return dir;
}

test('binary missing without path.txt', async () => {
  const result = findElectronBinary(await makePackage('none', null, false), {});
  assert.equal(result.found, false);
  if (!result.found) assert.match(result.reason, /no binary/);
});

test('binary found through path.txt', async () => {
  const dir = await makePackage('downloaded', 'electron', true);
  assert.deepEqual(findElectronBinary(dir, {}), { found: true, executablePath: path.join(dir, 'dist', 'electron') });
});

test('binary must be executable', async () => {
  const result = findElectronBinary(await makePackage('not-executable', 'electron', false), {});
  assert.equal(result.found, false);
});

test('override dist path wins', async () => {
  const dir = await makePackage('with-override', null, false);
  const dist = path.join(root, 'override');
  await mkdir(dist);
  await writeFile(path.join(dist, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
  assert.deepEqual(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: dist }), { found: true, executablePath: path.join(dist, 'electron') });
  const missing = findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'nowhere') });
  assert.equal(missing.found, false);
  if (!missing.found) assert.match(missing.reason, /ELECTRON_OVERRIDE_DIST_PATH/);
});

test('installed electron package is located', () => {
  assert.match(electronPackageDir(), /node_modules[\\/]electron$/);
});
