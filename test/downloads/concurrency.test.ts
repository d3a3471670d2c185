// Parallel downloads: the server never sees more than the limit, and progress reports add up.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { createDownloader } from '../../main/downloads/downloader.js';
import type { DownloadProgress } from '../../main/downloads/types.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { LoopbackServer } from './loopback-server.js';
import { fixtureMp3, makeTempDir, removeDir, sha256 } from './fixtures.js';

setRootLogger(createLogger({ level: 'silent' }));

const STEMS = ['vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'];

let server: LoopbackServer;
let dir: string;

before(async () => {
  server = await new LoopbackServer().start();
});
after(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await makeTempDir();
  server.maxInFlight = 0;
});
afterEach(async () => {
  await removeDir(dir);
});

/**
 * Holds each of the first four responses until four requests are in flight, checking every 1 ms
 * for at most about 5 s, so reaching the limit does not depend on how fast the requests start.
 */
function holdFirstWave(): () => Promise<void> {
  let started = 0;
  return async () => {
    started += 1;
    if (started > 4) return;
    for (let check = 0; check < 5000 && server.inFlight < 4; check++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
}

test('12 downloads with maxParallel 4', async () => {
  const downloader = createDownloader({ maxParallel: 4 });
  const progress = new Map<string, DownloadProgress[]>();
  const startWhen = holdFirstWave();
  for (const stem of STEMS) {
    // A 10 ms pause between 16 KiB chunks makes every transfer last long enough to overlap.
    server.serveFile(`/set/${stem}.mp3`, { body: fixtureMp3(stem), chunkDelayMs: 10, startWhen });
    progress.set(stem, []);
  }

  const results = await Promise.all(
    STEMS.map((stem) =>
      downloader.download({
        url: server.url(`/set/${stem}.mp3`),
        directory: dir,
        baseName: stem,
        taskId: 'task-set',
        onProgress: (report) => progress.get(stem)?.push(report),
      }),
    ),
  );

  assert.equal(server.maxInFlight, 4);
  assert.equal(server.requests.filter((request) => request.path.startsWith('/set/')).length, 12);
  for (const [index, stem] of STEMS.entries()) {
    const expected = fixtureMp3(stem);
    assert.equal(results[index]?.sha256, sha256(expected), stem);
    const reports = progress.get(stem) ?? [];
    assert.deepEqual(reports.at(-1)?.bytes, expected.length, `${stem}: last report has every byte`);
    assert.equal(reports.at(-1)?.totalBytes, expected.length, `${stem}: total is known`);
    for (let i = 1; i < reports.length; i++) {
      assert.ok((reports[i]?.bytes ?? 0) >= (reports[i - 1]?.bytes ?? 0), `${stem}: progress never goes back`);
    }
  }
});

test('setMaxParallel applies to queued downloads', async () => {
  const downloader = createDownloader({ maxParallel: 4 });
  downloader.setMaxParallel(2);
  for (const stem of STEMS.slice(0, 6)) server.serveFile(`/pair/${stem}.mp3`, { body: fixtureMp3(stem), chunkDelayMs: 10 });

  await Promise.all(STEMS.slice(0, 6).map((stem) => downloader.download({ url: server.url(`/pair/${stem}.mp3`), directory: dir, baseName: stem, taskId: 'task-pair' })));

  assert.equal(server.maxInFlight, 2);
});

test('second download into the same part is rejected', async () => {
  const downloader = createDownloader();
  server.serveFile('/same.mp3', { body: fixtureMp3(), chunkDelayMs: 10 });
  const request = { url: server.url('/same.mp3'), directory: dir, baseName: 'same', taskId: 't' };

  const first = downloader.download(request);
  await assert.rejects(downloader.download(request), /already being downloaded/);
  await first;
});

test('invalid maxParallel is rejected', () => {
  const downloader = createDownloader();
  for (const value of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => downloader.setMaxParallel(value), /Invalid number of parallel downloads/, String(value));
  }
  assert.throws(() => createDownloader({ maxParallel: 0 }), /Invalid number of parallel downloads/);
});
