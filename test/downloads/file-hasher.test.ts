// The sha256 worker: hashes a file that grows between reports, a whole file, and rejects reads it
// cannot complete.
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashGrowingFile, sha256OfFile } from '../../main/downloads/file-hasher.js';
import { fixtureMp3, largeMp3, makeTempDir, removeDir, sha256 } from './fixtures.js';

let dir: string;

before(async () => {
  dir = await makeTempDir();
});
after(async () => {
  await removeDir(dir);
});

describe('file hasher', () => {
  test('growing file hashes every byte', async () => {
    // 2.5 MiB, so the worker's 1 MiB reads end inside a chunk and across chunk borders.
    const source = largeMp3(2.5 * 1024 * 1024, 'drums');
    const file = path.join(dir, 'growing.part');
    await writeFile(file, '');
    const hash = hashGrowingFile(file);

    const cuts = [0, 1, 70_000, 1024 * 1024 + 3, 2 * 1024 * 1024, source.length];
    for (let i = 1; i < cuts.length; i++) {
      await appendFile(file, source.subarray(cuts[i - 1], cuts[i]));
      hash.extendTo(cuts[i] as number);
    }

    assert.equal(await hash.finish(source.length), sha256(source));
  });

  test('finish hashes bytes not yet reported', async () => {
    const source = fixtureMp3('bass');
    const file = path.join(dir, 'unreported.part');
    await writeFile(file, source);
    const hash = hashGrowingFile(file);
    hash.extendTo(100);

    assert.equal(await hash.finish(source.length), sha256(source));
  });

  test('whole file without a size', async () => {
    const source = fixtureMp3('guitar');
    const file = path.join(dir, 'whole.mp3');
    await writeFile(file, source);

    assert.equal(await sha256OfFile(file), sha256(source));
  });

  test('empty file', async () => {
    const file = path.join(dir, 'empty.part');
    await writeFile(file, '');

    assert.equal(await sha256OfFile(file), sha256(Buffer.alloc(0)));
  });

  test('short file is rejected', async () => {
    const file = path.join(dir, 'short.part');
    await writeFile(file, Buffer.alloc(1000, 7));

    await assert.rejects(hashGrowingFile(file).finish(2000), /has 1000 bytes, fewer than the 2000 to hash/);
  });

  test('missing file is rejected', async () => {
    await assert.rejects(sha256OfFile(path.join(dir, 'missing.part')), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal((error as NodeJS.ErrnoException).code, 'ENOENT');
      return true;
    });
  });

  test('cancelled job leaves others intact', async () => {
    const first = fixtureMp3('vocal');
    const second = fixtureMp3('strings');
    await writeFile(path.join(dir, 'first.part'), first);
    await writeFile(path.join(dir, 'second.part'), second);

    const cancelled = hashGrowingFile(path.join(dir, 'first.part'));
    const active = hashGrowingFile(path.join(dir, 'second.part'));
    cancelled.extendTo(1000);
    cancelled.cancel();

    assert.equal(await active.finish(second.length), sha256(second));
    await assert.rejects(cancelled.finish(first.length), /already finished/);
  });
});
