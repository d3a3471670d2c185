// Resumable downloads: connection drops, Range and If-Range, changed files and 416 responses.
import assert from 'node:assert/strict';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createDownloader } from '../../main/downloads/downloader.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { LoopbackServer } from './loopback-server.js';
import { fixtureMp3, largeMp3, makeTempDir, removeDir, sha256, waitForFileSize } from './fixtures.js';

const logLines: string[] = [];
setRootLogger(createLogger({ level: 'debug', stream: { write: (line: string) => void logLines.push(line) } }));

const source = largeMp3(200 * 1024);
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
});
afterEach(async () => {
  await removeDir(dir);
});

describe('resume', () => {
  test('dropped connection resumes within one call', async () => {
    server.serveFile('/drop-once.mp3', { body: source, dropAfterBytes: 70_000, dropWhen: () => waitForFileSize(path.join(dir, 'vocals.part'), 70_000) });
    const downloader = createDownloader();

    const result = await downloader.download({ url: server.url('/drop-once.mp3'), directory: dir, baseName: 'vocals', taskId: 'task-drop' });

    const requests = server.requestsFor('/drop-once.mp3');
    assert.equal(requests.length, 2);
    assert.equal(requests[0]?.range, undefined);
    assert.match(requests[1]?.range ?? '', /^bytes=\d+-$/);
    assert.equal(requests[1]?.ifRange, '"v1"');
    assert.equal(result.sha256, sha256(source));
    assert.equal(sha256(await readFile(result.path)), sha256(source));
    assert.ok(logLines.some((line) => line.includes('task-drop') && line.includes('resuming')), 'the resume is logged with the task id');
  });

  test('repeated drops keep part for next call', async () => {
    const file = server.serveFile('/drop-twice.mp3', {
      body: source,
      dropAfterBytes: 50_000,
      dropTimes: 2,
      dropWhen: (requestNumber) => waitForFileSize(path.join(dir, 'drums.part'), 50_000 * requestNumber),
    });
    const downloader = createDownloader();
    const request = { url: server.url('/drop-twice.mp3'), directory: dir, baseName: 'drums', taskId: 'task-drop-2' };

    await assert.rejects(downloader.download(request), (error: unknown) => error instanceof AppError && error.code === 'network');
    const partBytes = (await stat(path.join(dir, 'drums.part'))).size;
    assert.equal(partBytes, 100_000, 'both attempts appended their 50,000 bytes');
    const sidecar = JSON.parse(await readFile(path.join(dir, 'drums.part.json'), 'utf8')) as { etag: string; totalBytes: number };
    assert.equal(sidecar.etag, '"v1"');
    assert.equal(sidecar.totalBytes, source.length);

    file.dropAfterBytes = undefined;
    const result = await downloader.download(request);

    const last = server.requestsFor('/drop-twice.mp3').at(-1);
    assert.equal(last?.range, 'bytes=100000-');
    assert.equal(result.bytes, source.length);
    assert.equal(result.sha256, sha256(source));
    assert.deepEqual((await readdir(dir)).sort(), ['drums.mp3']);
  });

  test('changed ETag restarts from zero', async () => {
    const file = server.serveFile('/changing.mp3', {
      body: source,
      etag: '"old"',
      dropAfterBytes: 60_000,
      dropTimes: 2,
      dropWhen: (requestNumber) => waitForFileSize(path.join(dir, 'bass.part'), 60_000 * requestNumber),
    });
    const downloader = createDownloader();
    const request = { url: server.url('/changing.mp3'), directory: dir, baseName: 'bass', taskId: 'task-etag' };
    await assert.rejects(downloader.download(request), (error: unknown) => error instanceof AppError && error.code === 'network');

    const replacement = largeMp3(150 * 1024, 'drums');
    file.body = replacement;
    file.etag = '"new"';
    file.dropAfterBytes = undefined;
    const result = await downloader.download(request);

    const last = server.requestsFor('/changing.mp3').at(-1);
    assert.equal(last?.ifRange, '"old"', 'the resume sent the old validator');
    assert.equal(result.bytes, replacement.length);
    assert.equal(result.sha256, sha256(replacement));
    assert.equal(sha256(await readFile(result.path)), sha256(replacement));
  });

  test('Last-Modified serves as validator', async () => {
    const lastModified = 'Tue, 01 Dec 2026 10:00:00 GMT';
    server.serveFile('/dated.mp3', { body: source, etag: null, lastModified, dropAfterBytes: 40_000, dropWhen: () => waitForFileSize(path.join(dir, 'dated.part'), 40_000) });
    const result = await createDownloader().download({ url: server.url('/dated.mp3'), directory: dir, baseName: 'dated', taskId: 't' });

    const requests = server.requestsFor('/dated.mp3');
    assert.equal(requests.length, 2);
    assert.equal(requests[1]?.ifRange, lastModified);
    assert.equal(result.sha256, sha256(source));
  });

  test('part without validator restarts from zero', async () => {
    server.serveFile('/plain.mp3', { body: source, etag: null });
    await writeFile(path.join(dir, 'plain.part'), Buffer.from('stale bytes of some other file'));

    const result = await createDownloader().download({ url: server.url('/plain.mp3'), directory: dir, baseName: 'plain', taskId: 't' });

    const requests = server.requestsFor('/plain.mp3');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.range, undefined);
    assert.equal(result.sha256, sha256(source));
  });

  test('weak ETag is not used for If-Range', async () => {
    server.serveFile('/weak.mp3', { body: source, etag: 'W/"weak"' });
    await writeFile(path.join(dir, 'weak.part'), source.subarray(0, 1000));
    await writeFile(path.join(dir, 'weak.part.json'), JSON.stringify({ etag: 'W/"weak"', lastModified: null, totalBytes: source.length, contentType: 'audio/mpeg', url: server.url('/weak.mp3') }));

    await createDownloader().download({ url: server.url('/weak.mp3'), directory: dir, baseName: 'weak', taskId: 't' });

    assert.equal(server.requestsFor('/weak.mp3')[0]?.range, undefined);
  });

  test('complete part finishes without request', async () => {
    server.route('/deleted.mp3', (_request, response) => {
      response.writeHead(410).end();
    });
    await writeFile(path.join(dir, 'kept.part'), source);
    await writeFile(path.join(dir, 'kept.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: source.length, contentType: 'audio/mpeg', url: server.url('/deleted.mp3') }));

    const result = await createDownloader().download({ url: server.url('/deleted.mp3'), directory: dir, baseName: 'kept', taskId: 't' });

    assert.equal(server.requestsFor('/deleted.mp3').length, 0);
    assert.equal(result.sha256, sha256(source));
    assert.deepEqual((await readdir(dir)).sort(), ['kept.mp3']);
  });

  test('416 with complete part finishes', async () => {
    server.serveFile('/complete.mp3', { body: source });
    await writeFile(path.join(dir, 'done.part'), source);
    // The first response had no Content-Length, so only the 416's Content-Range gives the size.
    await writeFile(path.join(dir, 'done.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: null, contentType: 'audio/mpeg', url: server.url('/complete.mp3') }));

    const result = await createDownloader().download({ url: server.url('/complete.mp3'), directory: dir, baseName: 'done', taskId: 't' });

    const requests = server.requestsFor('/complete.mp3');
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.range, `bytes=${source.length}-`);
    assert.equal(result.fileName, 'done.mp3');
    assert.equal(result.sha256, sha256(source));
    assert.deepEqual((await readdir(dir)).sort(), ['done.mp3']);
  });

  test('416 with oversized part restarts', async () => {
    const shorter = fixtureMp3('bass');
    server.serveFile('/shrunk.mp3', { body: shorter });
    // The part is longer than the file now on the server, and the sidecar recorded another total.
    await writeFile(path.join(dir, 'shrunk.part'), source);
    await writeFile(path.join(dir, 'shrunk.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: source.length + 10, contentType: 'audio/mpeg', url: server.url('/shrunk.mp3') }));

    const result = await createDownloader().download({ url: server.url('/shrunk.mp3'), directory: dir, baseName: 'shrunk', taskId: 't' });

    const requests = server.requestsFor('/shrunk.mp3');
    assert.equal(requests.length, 2);
    assert.equal(requests[1]?.range, undefined);
    assert.equal(result.sha256, sha256(shorter));
  });

  test('abort keeps the part', async () => {
    server.serveFile('/slow.mp3', { body: source, trickleAfterBytes: 64 * 1024 });
    const controller = new AbortController();
    const downloader = createDownloader();
    const request = {
      url: server.url('/slow.mp3'),
      directory: dir,
      baseName: 'slow',
      taskId: 'task-abort',
      signal: controller.signal,
      onProgress: (progress: { bytes: number }) => {
        if (progress.bytes > 64 * 1024) controller.abort();
      },
    };

    await assert.rejects(downloader.download(request), (error: unknown) => error instanceof Error && error.name === 'AbortError');
    const partBytes = (await stat(path.join(dir, 'slow.part'))).size;
    assert.ok(partBytes > 0, 'the part keeps the bytes received before the abort');
    assert.ok(partBytes < source.length, `the part has ${partBytes} of ${source.length} bytes`);

    const result = await downloader.download({ ...request, signal: undefined, onProgress: undefined });
    assert.equal(server.requestsFor('/slow.mp3').at(-1)?.range, `bytes=${partBytes}-`);
    assert.equal(result.sha256, sha256(source));
  });
});
