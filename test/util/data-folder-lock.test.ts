// The data folder lock: one core per data folder, across processes, with stale locks replaced.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../main/core.js';
import { AppError } from '../../main/errors.js';
import { LOCK_FILE_NAME, lockDataFolder } from '../../main/util/data-folder-lock.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('data folder lock', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-lock-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const coreOptions = (name: string) => ({
    dataDir: path.join(root, name, 'data'),
    defaultLibraryDir: path.join(root, name, 'Library'),
    env: {},
    overrides: { apiBase: 'http://127.0.0.1:9' },
  });

  it('rejects a second core on one folder', async () => {
    const first = await createCore(coreOptions('twice'));
    try {
      await assert.rejects(createCore({ ...coreOptions('twice'), role: 'command line' }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'storage');
        assert.match(error.message, new RegExp(`Another Stemcrate \\(app, process ${process.pid}\\)`));
        assert.match(error.message, /--data-dir/);
        return true;
      });
    } finally {
      await first.stop();
    }
    assert.equal(existsSync(path.join(coreOptions('twice').dataDir, LOCK_FILE_NAME)), false, 'stop() removes the lock');

    const again = await createCore(coreOptions('twice'));
    await again.stop();
  });

  it('replaces the lock of an ended process', async () => {
    const dataDir = path.join(root, 'stale');
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(ended.stdout);
    assert.ok(deadPid > 0, 'the child printed its pid');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid, hostname: os.hostname(), role: 'app', startedAt: 1 }));

    const lock = lockDataFolder(dataDir, 'test', 2);
    const owner = JSON.parse(await readFile(lock.file, 'utf8')) as { pid: number; role: string };
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.role, 'test');
    lock.release();
    assert.equal(existsSync(lock.file), false);
  });

  it('replaces an unreadable lock file', async () => {
    const dataDir = path.join(root, 'garbage');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), '{not json');
    const lock = lockDataFolder(dataDir, 'test', 3);
    const owner = JSON.parse(await readFile(lock.file, 'utf8')) as { pid: number; startedAt: number };
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.startedAt, 3);
    lock.release();
    assert.equal(existsSync(lock.file), false);
  });

  it('keeps a lock from another machine', async () => {
    const dataDir = path.join(root, 'shared');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: 1, hostname: `${os.hostname()}-elsewhere`, role: 'app', startedAt: 1 }));
    assert.throws(() => lockDataFolder(dataDir, 'test', 4), /process 1 on .*-elsewhere\)/);
  });

  it('makes the CLI exit 4 while the app runs', async () => {
    const options = coreOptions('cli');
    const app = await createCore(options);
    try {
      const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', path.join(repoRoot, 'main/cli/stemcrate.ts'), 'library', 'list', '--data-dir', options.dataDir, '--library', options.defaultLibraryDir],
          { env: { PATH: process.env.PATH, HOME: root }, timeout: 60_000 },
          (error, _stdout, stderr) => resolve({ code: error && typeof error.code === 'number' ? error.code : 0, stderr }),
        );
      });
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /Another Stemcrate \(app, process \d+\) is using the data folder/);
    } finally {
      await app.stop();
    }
  });
});
