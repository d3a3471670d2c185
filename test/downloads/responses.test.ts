// How the downloader treats unusual responses: wrong sizes, web pages, expired links, redirects,
// oversized bodies, server errors and name collisions.
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createDownloader } from '../../main/downloads/downloader.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import type { ErrorCode } from '../../preload/contract.js';
import { LoopbackServer } from './loopback-server.js';
import { fixtureMp3, largeMp3, makeTempDir, removeDir, sha256, waitForFileSize } from './fixtures.js';

setRootLogger(createLogger({ level: 'silent' }));

const mp3 = fixtureMp3('vocal');
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

function download(urlPath: string, baseName = 'stem', extra: { maxBytes?: number } = {}) {
  const downloader = createDownloader({ maxBytes: extra.maxBytes ?? 1024 ** 3, timeoutMs: 5000 });
  return downloader.download({ url: server.url(urlPath), directory: dir, baseName, taskId: 'task-responses' });
}

/** Returns a predicate for assert.rejects that checks the AppError code and message pattern. */
function appError(code: ErrorCode, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

describe('response sizes', () => {
  test('Content-Length too long fails', async () => {
    server.serveFile('/long-promise.mp3', { body: mp3, contentLengthDelta: 1000 });

    // The body ends early, which reads as a dropped connection (network). Whether the one
    // immediate resume then meets a 416 or a partial response that contradicts its own
    // Content-Length (bad_response) depends on how many bytes reached the disk before the drop.
    await assert.rejects(download('/long-promise.mp3'), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.ok(error.code === 'network' || error.code === 'bad_response', `${error.code}: ${error.message}`);
      return true;
    });

    const finished = (await readdir(dir)).filter((name) => name.endsWith('.mp3'));
    assert.deepEqual(finished, []);
  });

  test('Content-Length too short never gives more bytes', async () => {
    server.serveFile('/short-promise.mp3', { body: mp3, contentLengthDelta: -1000 });
    const promised = mp3.length - 1000;

    // HTTP/1.1 framing ends the body at Content-Length. When the surplus arrives in the same read
    // as the body's end, Node's parser rejects it and the download fails as bad_response; when it
    // arrives later, the client never reads it and the download contains exactly the promised bytes.
    try {
      const result = await download('/short-promise.mp3');
      assert.equal(result.bytes, promised);
      assert.equal(result.sha256, sha256(mp3.subarray(0, promised)));
    } catch (error) {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, 'bad_response', error.message);
      assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.mp3')), []);
    }
  });

  test('body over maxBytes is rejected', async () => {
    server.serveFile('/big.mp3', { body: largeMp3(100 * 1024) });

    await assert.rejects(download('/big.mp3', 'big', { maxBytes: 50 * 1024 }), appError('bad_response', /larger than the limit of 51200 bytes/));

    assert.deepEqual(await readdir(dir), []);
  });

  test('endless body without length is cut at maxBytes', async () => {
    server.route('/endless.mp3', (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/mpeg' });
      const chunk = Buffer.alloc(16 * 1024, 0x55);
      const timer = setInterval(() => response.write(chunk), 1);
      response.on('close', () => clearInterval(timer));
    });

    await assert.rejects(download('/endless.mp3', 'endless', { maxBytes: 200 * 1024 }), appError('bad_response', /larger than the limit/));

    assert.deepEqual(await readdir(dir), [], 'the unusable part is removed');
  });

  test('body without Content-Length is accepted', async () => {
    server.route('/chunked.mp3', (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/mpeg' });
      response.write(mp3.subarray(0, 10_000));
      response.end(mp3.subarray(10_000));
    });

    const result = await download('/chunked.mp3');

    assert.equal(result.bytes, mp3.length);
    assert.equal(result.sha256, sha256(mp3));
  });
});

describe('response content', () => {
  test('HTML with status 200 is bad_response', async () => {
    server.route('/portal', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><title>Sign in</title>');
    });

    await assert.rejects(download('/portal'), appError('bad_response', /web page instead of audio \(HTTP 200, content-type text\/html; charset=utf-8\)/));
  });

  test('HTML body with audio type is bad_response', async () => {
    server.route('/disguised.mp3', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end('\n  <html><body>Access denied</body></html>');
    });

    await assert.rejects(download('/disguised.mp3'), appError('bad_response', /web page instead of audio/));
  });

  test('410 is expired and removes part', async () => {
    server.route('/gone.mp3', (_request, response) => {
      response.writeHead(410, { 'content-type': 'text/plain' }).end('gone');
    });
    await writeFile(path.join(dir, 'gone.part'), mp3.subarray(0, 500));
    await writeFile(path.join(dir, 'gone.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: mp3.length, contentType: 'audio/mpeg', url: server.url('/gone.mp3') }));

    await assert.rejects(download('/gone.mp3', 'gone'), appError('expired', /links expire 14 days after the separation/));

    assert.deepEqual(await readdir(dir), []);
  });

  for (const status of [403, 404]) {
    test(`${status} is expired`, async () => {
      server.route(`/status-${status}.mp3`, (_request, response) => {
        response.writeHead(status).end();
      });
      await assert.rejects(download(`/status-${status}.mp3`), appError('expired'));
    });
  }

  test('503 is server_error and keeps part', async () => {
    server.route('/busy.mp3', (_request, response) => {
      response.writeHead(503).end();
    });
    await writeFile(path.join(dir, 'busy.part'), mp3.subarray(0, 500));
    await writeFile(path.join(dir, 'busy.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: mp3.length, contentType: 'audio/mpeg', url: server.url('/busy.mp3') }));

    await assert.rejects(download('/busy.mp3', 'busy'), appError('server_error', /HTTP 503/));

    assert.deepEqual((await readdir(dir)).sort(), ['busy.part', 'busy.part.json']);
  });

  test('429 carries Retry-After', async () => {
    server.route('/limited.mp3', (_request, response) => {
      response.writeHead(429, { 'retry-after': '7' }).end();
    });

    await assert.rejects(download('/limited.mp3'), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'rate_limited');
      assert.equal(error.retryAfterMs, 7000);
      return true;
    });
  });

  test('mismatched Content-Range is bad_response', async () => {
    server.route('/wrong-range.mp3', (_request, response) => {
      response.writeHead(206, { 'content-type': 'audio/mpeg', 'content-range': `bytes 0-${mp3.length - 1}/${mp3.length}`, etag: '"v1"' }).end(mp3);
    });
    await writeFile(path.join(dir, 'ranged.part'), mp3.subarray(0, 500));
    await writeFile(path.join(dir, 'ranged.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: mp3.length, contentType: 'audio/mpeg', url: server.url('/wrong-range.mp3') }));

    await assert.rejects(download('/wrong-range.mp3', 'ranged'), appError('bad_response', /expected start 500/));

    assert.deepEqual(await readdir(dir), [], 'the part restarts from zero next time');
  });

  test('206 ending before the total is bad_response', async () => {
    server.route('/short-range.mp3', (_request, response) => {
      response.writeHead(206, { 'content-type': 'audio/mpeg', 'content-range': `bytes 500-999/${mp3.length}`, 'content-length': 500, etag: '"v1"' }).end(mp3.subarray(500, 1000));
    });
    await writeFile(path.join(dir, 'cut.part'), mp3.subarray(0, 500));
    await writeFile(path.join(dir, 'cut.part.json'), JSON.stringify({ etag: '"v1"', lastModified: null, totalBytes: mp3.length, contentType: 'audio/mpeg', url: server.url('/short-range.mp3') }));

    await assert.rejects(download('/short-range.mp3', 'cut'), appError('bad_response', new RegExp(`has 1000 bytes but the server announced ${mp3.length}`)));

    assert.deepEqual(await readdir(dir), []);
  });

  test('refused connection is network', async () => {
    const closed = await new LoopbackServer().start();
    const url = closed.url('/x.mp3');
    await closed.close();

    const downloader = createDownloader({ timeoutMs: 5000 });
    await assert.rejects(downloader.download({ url, directory: dir, baseName: 'x', taskId: 't' }), appError('network', /check the internet connection/));
  });
});

describe('stalls and callbacks', () => {
  test('stalled body times out as network', async () => {
    server.route('/stall.mp3', (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': mp3.length, etag: '"v1"' });
      response.write(mp3.subarray(0, 1000));
    });
    const downloader = createDownloader({ timeoutMs: 300 });

    await assert.rejects(
      downloader.download({ url: server.url('/stall.mp3'), directory: dir, baseName: 'stall', taskId: 't' }),
      appError('network', /timed out: .* sent nothing for 300 ms/),
    );
  });

  test('throwing progress callback is ignored', async () => {
    server.serveFile('/callback.mp3', { body: mp3 });
    const downloader = createDownloader();
    let calls = 0;

    const result = await downloader.download({
      url: server.url('/callback.mp3'),
      directory: dir,
      baseName: 'callback',
      taskId: 't',
      onProgress: () => {
        calls += 1;
        throw new Error('renderer gone');
      },
    });

    assert.ok(calls >= 2, `the callback ran ${calls} times`);
    assert.equal(result.sha256, sha256(mp3));
  });
});

describe('URLs and redirects', () => {
  test('non-http URL is invalid_argument', async () => {
    const downloader = createDownloader();
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x.mp3', 'not a url']) {
      await assert.rejects(downloader.download({ url, directory: dir, baseName: 'x', taskId: 't' }), appError('invalid_argument'), url);
    }
  });

  test('redirect to file: is rejected', async () => {
    server.route('/to-file', (_request, response) => {
      response.writeHead(302, { location: 'file:///etc/passwd' }).end();
    });

    await assert.rejects(download('/to-file'), appError('bad_response', /redirected to a file: URL/));
  });

  test('three redirects are followed', async () => {
    server.serveFile('/hops/final.mp3', { body: mp3 });
    server.route('/hops/3', (_request, response) => response.writeHead(307, { location: '/hops/final.mp3' }).end());
    server.route('/hops/2', (_request, response) => response.writeHead(302, { location: server.url('/hops/3') }).end());
    server.route('/hops/1', (_request, response) => response.writeHead(301, { location: '2' }).end());

    const result = await download('/hops/1');

    assert.equal(result.sha256, sha256(mp3));
    assert.equal(server.requestsFor('/hops/final.mp3').length, 1);
  });

  test('fourth redirect is rejected', async () => {
    for (let hop = 1; hop <= 4; hop++) {
      server.route(`/loop/${hop}`, (_request, response) => response.writeHead(302, { location: `/loop/${hop + 1}` }).end());
    }
    server.serveFile('/loop/5', { body: mp3 });

    await assert.rejects(download('/loop/1'), appError('bad_response', /more than 3 times/));
    assert.equal(server.requestsFor('/loop/5').length, 0);
  });

  test('redirected resume keeps Range headers', async () => {
    server.serveFile('/moved/target.mp3', { body: largeMp3(100 * 1024), dropAfterBytes: 30_000, dropWhen: () => waitForFileSize(path.join(dir, 'stem.part'), 30_000) });
    server.route('/moved/start.mp3', (_request, response) => response.writeHead(302, { location: '/moved/target.mp3' }).end());

    await download('/moved/start.mp3');

    const requests = server.requestsFor('/moved/target.mp3');
    assert.equal(requests.length, 2);
    assert.equal(requests[1]?.range, 'bytes=30000-');
    assert.equal(requests[1]?.acceptEncoding, 'identity');
  });
});

describe('file names', () => {
  const cases: Array<{ route: string; contentType: string | null; expected: string }> = [
    { route: '/types/a.bin', contentType: 'audio/mpeg', expected: 'mp3' },
    { route: '/types/b', contentType: 'audio/x-wav', expected: 'wav' },
    { route: '/types/c', contentType: 'audio/wav', expected: 'wav' },
    { route: '/types/d', contentType: 'audio/flac', expected: 'flac' },
    { route: '/types/e', contentType: 'audio/mp4', expected: 'm4a' },
    { route: '/types/f', contentType: 'audio/ogg; codecs=vorbis', expected: 'ogg' },
    { route: '/types/g.wav', contentType: 'application/octet-stream', expected: 'wav' },
    { route: '/types/h.FLAC', contentType: null, expected: 'flac' },
    { route: '/types/i', contentType: null, expected: 'mp3' },
    { route: '/types/j.exe', contentType: 'application/octet-stream', expected: 'mp3' },
  ];
  for (const { route, contentType, expected } of cases) {
    test(`${contentType ?? 'no type'} at ${route} gives .${expected}`, async () => {
      server.serveFile(route, { body: mp3, contentType });
      const result = await download(route, 'named');
      assert.equal(result.fileName, `named.${expected}`);
      assert.equal(path.basename(result.path), `named.${expected}`);
    });
  }

  test('query string never sets the extension', async () => {
    server.serveFile('/signed/stem', { body: mp3, contentType: null });
    const result = await download('/signed/stem?file=x.wav&sig=abc');
    assert.equal(result.fileName, 'stem.mp3');
  });

  test('cover gets image extension', async () => {
    server.serveFile('/cover', { body: Buffer.from('\x89PNG fake image bytes'), contentType: 'image/png' });
    const downloader = createDownloader();
    const result = await downloader.download({ url: server.url('/cover'), directory: dir, baseName: 'cover', taskId: 't', kind: 'cover' });
    assert.equal(result.fileName, 'cover.png');
  });

  test('existing final file is never overwritten', async () => {
    server.serveFile('/dup.mp3', { body: mp3 });
    const existing = Buffer.from('the user already has this file');
    await writeFile(path.join(dir, 'dup.mp3'), existing);

    await assert.rejects(download('/dup.mp3', 'dup'), appError('storage', /already exists/));

    assert.deepEqual(await readFile(path.join(dir, 'dup.mp3')), existing);
  });

  test('path in baseName is invalid_argument', async () => {
    await assert.rejects(download('/whatever.mp3', '../escape'), appError('invalid_argument'));
    await assert.rejects(download('/whatever.mp3', 'a/b'), appError('invalid_argument'));
  });
});
