// Unit checks of the downloader's pure parts: semaphore, progress meter and file extensions.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseExtension, looksLikeHtml, pathExtensionOf } from '../../main/downloads/file-type.js';
import { ProgressMeter } from '../../main/downloads/progress.js';
import { Semaphore } from '../../main/downloads/semaphore.js';
import type { DownloadProgress } from '../../main/downloads/types.js';

describe('Semaphore', () => {
  test('grants up to the limit', async () => {
    const semaphore = new Semaphore(2);
    const releases = [await semaphore.acquire(), await semaphore.acquire()];
    let thirdGranted = false;
    const third = semaphore.acquire().then((release) => {
      thirdGranted = true;
      return release;
    });

    await Promise.resolve();
    assert.equal(thirdGranted, false);
    assert.equal(semaphore.inUse, 2);
    assert.equal(semaphore.waiting, 1);

    releases[0]?.();
    const releaseThird = await third;
    assert.equal(thirdGranted, true);
    assert.equal(semaphore.inUse, 2);
    releaseThird();
    releases[1]?.();
    assert.equal(semaphore.inUse, 0);
  });

  test('release twice frees one slot', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    release();
    release();
    assert.equal(semaphore.inUse, 0);
    const again = await semaphore.acquire();
    assert.equal(semaphore.inUse, 1);
    again();
  });

  test('raising the limit starts waiters', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const waiting = [semaphore.acquire(), semaphore.acquire()];
    assert.equal(semaphore.waiting, 2);

    semaphore.setLimit(3);

    await Promise.all(waiting);
    assert.equal(semaphore.inUse, 3);
    assert.equal(semaphore.waiting, 0);
  });

  test('lowering the limit waits for holders', async () => {
    const semaphore = new Semaphore(3);
    const releases = await Promise.all([semaphore.acquire(), semaphore.acquire(), semaphore.acquire()]);
    semaphore.setLimit(1);
    let granted = false;
    void semaphore.acquire().then(() => {
      granted = true;
    });

    releases[0]?.();
    releases[1]?.();
    await Promise.resolve();
    assert.equal(granted, false, 'two holders were still above the new limit of 1');
    assert.equal(semaphore.inUse, 1);

    releases[2]?.();
    await Promise.resolve();
    assert.equal(granted, true);
  });

  test('abort removes a waiter', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);

    controller.abort();

    await assert.rejects(waiting, (error: unknown) => error instanceof Error && error.name === 'AbortError');
    assert.equal(semaphore.waiting, 0);
    release();
    assert.equal(semaphore.inUse, 0);
  });

  test('aborted signal rejects at once', async () => {
    const semaphore = new Semaphore(1);
    await assert.rejects(semaphore.acquire(AbortSignal.abort()), (error: unknown) => error instanceof Error && error.name === 'AbortError');
    assert.equal(semaphore.inUse, 0);
  });
});

describe('ProgressMeter', () => {
  function meterAt(times: number[]) {
    const reports: DownloadProgress[] = [];
    let index = 0;
    const meter = new ProgressMeter(
      (progress) => reports.push(progress),
      () => times[Math.min(index++, times.length - 1)] ?? 0,
    );
    return { meter, reports };
  }

  test('reports at most every 100 ms', () => {
    // start at 0 ms, then 20 chunks 10 ms apart, then finish at 200 ms.
    const times = [0, ...Array.from({ length: 20 }, (_, i) => (i + 1) * 10), 200];
    const { meter, reports } = meterAt(times);

    meter.start(0, 20_000);
    for (let i = 0; i < 20; i++) meter.add(1000);
    meter.finish();

    assert.deepEqual(
      reports.map((report) => report.bytes),
      [0, 10_000, 20_000, 20_000],
    );
    assert.equal(reports.at(-1)?.totalBytes, 20_000);
  });

  test('rate counts only new bytes', () => {
    const { meter, reports } = meterAt([0, 1000]);

    meter.start(50_000, 100_000);
    meter.add(10_000);

    assert.equal(reports[1]?.bytes, 60_000);
    assert.equal(reports[1]?.bytesPerSecond, 10_000);
  });

  test('rate is smoothed', () => {
    const { meter, reports } = meterAt([0, 1000, 2000]);

    meter.start(0, null);
    meter.add(10_000);
    meter.add(30_000);

    const smoothed = reports[2]?.bytesPerSecond ?? 0;
    assert.ok(smoothed > 10_000, `smoothed rate ${smoothed} is above the first sample`);
    assert.ok(smoothed < 30_000, `smoothed rate ${smoothed} is below the second sample`);
  });
});

describe('file types', () => {
  test('path extension ignores query and fragment', () => {
    assert.equal(pathExtensionOf('https://cdn.example/a/stem.WAV?x=y.mp3#z.ogg'), 'wav');
    assert.equal(pathExtensionOf('https://cdn.example/a.mp3/stem'), null);
    assert.equal(pathExtensionOf('https://cdn.example/.hidden'), null);
    assert.equal(pathExtensionOf('https://cdn.example/cover.jpeg'), 'jpg');
  });

  test('content type wins over path', () => {
    assert.equal(chooseExtension('stem', 'audio/flac', ['https://cdn.example/x.mp3']), 'flac');
    assert.equal(chooseExtension('stem', 'AUDIO/MPEG; charset=binary', ['https://cdn.example/x.wav']), 'mp3');
  });

  test('later URLs are fallbacks', () => {
    assert.equal(chooseExtension('stem', null, ['https://cdn.example/x', 'https://api.example/y.ogg']), 'ogg');
  });

  test('image types only for covers', () => {
    assert.equal(chooseExtension('stem', 'image/png', []), 'mp3');
    assert.equal(chooseExtension('cover', 'image/jpeg', []), 'jpg');
    assert.equal(chooseExtension('cover', null, ['https://cdn.example/c.png']), 'png');
    assert.equal(chooseExtension('cover', 'audio/mpeg', []), 'jpg');
  });

  test('HTML sniffing', () => {
    assert.equal(looksLikeHtml(Buffer.from('  \n<!DOCTYPE HTML><html>')), true);
    assert.equal(looksLikeHtml(Buffer.from('\ufeff<html lang="en">')), true);
    assert.equal(looksLikeHtml(Buffer.from('ID3\x04\x00')), false);
    assert.equal(looksLikeHtml(Buffer.from([0xff, 0xfb, 0x90, 0x64])), false);
  });
});
