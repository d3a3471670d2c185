// A full disk: the download fails with disk_full, keeps its .part, and resumes once space is free.
// Runs on a 256 KiB tmpfs that the test mounts (needs root), else on a loop-mounted ext2 image.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createDownloader } from '../../main/downloads/downloader.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { LoopbackServer } from './loopback-server.js';
import { largeMp3, makeTempDir, removeDir, sha256 } from './fixtures.js';

setRootLogger(createLogger({ level: 'silent' }));

interface SmallDisk {
  dir: string;
  kind: 'tmpfs' | 'ext2';
  /** Gives the file system room for at least 2 MiB more. */
  grow: () => void;
  unmount: () => void;
}

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: 'pipe' });
}

function errorText(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return stderr || (error instanceof Error ? error.message : String(error));
}

/** Mounts a 256 KiB file system on a new folder, or returns the reasons why that is impossible here. */
async function mountSmallDisk(): Promise<SmallDisk | string> {
  const base = await makeTempDir();
  const dir = path.join(base, 'disk');
  run('mkdir', [dir]);
  const cleanup = (): void => void removeDir(base);

  try {
    run('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    return {
      dir,
      kind: 'tmpfs',
      grow: () => run('mount', ['-o', 'remount,size=4m', dir]),
      unmount: () => {
        run('umount', [dir]);
        cleanup();
      },
    };
  } catch (tmpfsError) {
    const image = path.join(base, 'disk.img');
    try {
      run('truncate', ['-s', '256K', image]);
      run('mkfs.ext2', ['-q', '-F', image]);
      run('mount', ['-o', 'loop', image, dir]);
      return {
        dir,
        kind: 'ext2',
        grow: () => {
          run('umount', [dir]);
          run('truncate', ['-s', '4M', image]);
          run('resize2fs', ['-f', image]);
          run('mount', ['-o', 'loop', image, dir]);
        },
        unmount: () => {
          run('umount', [dir]);
          cleanup();
        },
      };
    } catch (ext2Error) {
      cleanup();
      return `mounting tmpfs failed (${errorText(tmpfsError)}) and mounting an ext2 image failed (${errorText(ext2Error)})`;
    }
  }
}

test('full disk is disk_full and resumes', async (t) => {
  const disk = await mountSmallDisk();
  if (typeof disk === 'string') {
    console.error(`skipping the disk-full test: ${disk}`);
    t.skip(disk);
    return;
  }
  const server = await new LoopbackServer().start();

  try {
    const source = largeMp3(600 * 1024);
    server.serveFile('/wide.mp3', { body: source });
    const downloader = createDownloader();
    const request = { url: server.url('/wide.mp3'), directory: disk.dir, baseName: 'wide', taskId: 'task-full' };

    await assert.rejects(downloader.download(request), (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, 'disk_full', error.message);
      assert.ok(error.message.includes(disk.dir), `message names the folder: ${error.message}`);
      assert.match(error.message, /needs \d+ more bytes/);
      return true;
    });
    const partBytes = (await stat(path.join(disk.dir, 'wide.part'))).size;
    assert.ok(partBytes > 0, `the .part keeps the bytes written before the disk filled (${disk.kind})`);
    assert.ok(partBytes < source.length, `the .part has ${partBytes} of ${source.length} bytes (${disk.kind})`);
    assert.deepEqual((await readdir(disk.dir)).filter((name) => !name.startsWith('lost+found')).sort(), ['wide.part', 'wide.part.json']);

    disk.grow();
    const result = await downloader.download(request);

    assert.equal(server.requestsFor('/wide.mp3').at(-1)?.range, `bytes=${partBytes}-`);
    assert.equal(result.sha256, sha256(source));
  } finally {
    await server.close();
    disk.unmount();
  }
});
