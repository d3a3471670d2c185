import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { contentTypeFor, createFileResponse, parseRangeHeader } from '../../main/app/file-response.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/audio/vocal.mp3', import.meta.url));

let folder = '';
let stem = '';
let bytes: Buffer;

before(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'stemcrate-file-response-'));
  stem = path.join(folder, 'Song - Vocals.mp3');
  await copyFile(FIXTURE, stem);
  bytes = await readFile(stem);
});

after(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function body(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

test('fixture stem is a real MP3', () => {
  assert.ok(bytes.length > 1000);
  const isId3 = bytes.subarray(0, 3).toString('latin1') === 'ID3';
  const isFrameSync = bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0;
  assert.ok(isId3 || isFrameSync, 'fixture does not start with an ID3 tag or an MPEG frame');
});

test('file response serves the whole file', async () => {
  const response = await createFileResponse(stem);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'audio/mpeg');
  assert.equal(response.headers.get('content-length'), String(bytes.length));
  assert.equal(response.headers.get('accept-ranges'), 'bytes');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.ok((await body(response)).equals(bytes));
});

test('file response serves a byte range', async () => {
  const response = await createFileResponse(stem, { range: 'bytes=100-199' });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('content-range'), `bytes 100-199/${bytes.length}`);
  assert.equal(response.headers.get('content-length'), '100');
  assert.ok((await body(response)).equals(bytes.subarray(100, 200)));
});

test('file response serves an open-ended range', async () => {
  const start = bytes.length - 500;
  const response = await createFileResponse(stem, { range: `bytes=${start}-` });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('content-range'), `bytes ${start}-${bytes.length - 1}/${bytes.length}`);
  assert.ok((await body(response)).equals(bytes.subarray(start)));
});

test('file response serves a suffix range', async () => {
  const response = await createFileResponse(stem, { range: 'bytes=-256' });
  assert.equal(response.status, 206);
  assert.ok((await body(response)).equals(bytes.subarray(bytes.length - 256)));
});

test('file response clamps a range past the end', async () => {
  const response = await createFileResponse(stem, { range: `bytes=10-${bytes.length * 2}` });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('content-range'), `bytes 10-${bytes.length - 1}/${bytes.length}`);
  assert.ok((await body(response)).equals(bytes.subarray(10)));
});

test('file response answers 416 outside the file', async () => {
  const response = await createFileResponse(stem, { range: `bytes=${bytes.length}-` });
  assert.equal(response.status, 416);
  assert.equal(response.headers.get('content-range'), `bytes */${bytes.length}`);
});

test('file response ignores unusable ranges', async () => {
  for (const range of ['bytes=0-10,20-30', 'items=0-1', 'bytes=abc', 'bytes=-', 'bytes=50-10']) {
    const response = await createFileResponse(stem, { range });
    assert.equal(response.status, 200, range);
    assert.equal((await body(response)).length, bytes.length, range);
  }
});

test('file response HEAD has headers only', async () => {
  const response = await createFileResponse(stem, { method: 'HEAD', range: 'bytes=0-9' });
  assert.equal(response.status, 206);
  assert.equal(response.headers.get('content-length'), '10');
  assert.equal((await body(response)).length, 0);
});

test('file response rejects other methods', async () => {
  const response = await createFileResponse(stem, { method: 'POST' });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET, HEAD');
});

test('file response answers 404 for missing files', async () => {
  assert.equal((await createFileResponse(path.join(folder, 'missing.mp3'))).status, 404);
});

test('file response answers 404 for folders', async () => {
  const sub = path.join(folder, 'sub.mp3');
  await mkdir(sub);
  assert.equal((await createFileResponse(sub)).status, 404);
});

test('file response serves empty files', async () => {
  const empty = path.join(folder, 'empty.mp3');
  await writeFile(empty, '');
  const response = await createFileResponse(empty);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-length'), '0');
  assert.equal((await createFileResponse(empty, { range: 'bytes=0-' })).status, 416);
});

test('file response adds the given headers', async () => {
  const response = await createFileResponse(stem, { headers: { 'Content-Security-Policy': "default-src 'self'" } });
  assert.equal(response.headers.get('content-security-policy'), "default-src 'self'");
  await response.body?.cancel();
});

test('file response cancel closes the file', async () => {
  const response = await createFileResponse(stem);
  const reader = response.body?.getReader();
  assert.ok(reader);
  const first = await reader.read();
  assert.equal(first.done, false);
  await reader.cancel();
  // A second response for the same file still works after the first stream was cancelled.
  assert.ok((await body(await createFileResponse(stem))).equals(bytes));
});

test('range parser follows RFC 9110', () => {
  assert.deepEqual(parseRangeHeader('bytes=0-0', 10), { start: 0, end: 0 });
  assert.deepEqual(parseRangeHeader('bytes=-20', 10), { start: 0, end: 9 });
  assert.deepEqual(parseRangeHeader(' bytes=2-4 ', 10), { start: 2, end: 4 });
  assert.equal(parseRangeHeader('bytes=-0', 10), 'unsatisfiable');
  assert.equal(parseRangeHeader('bytes=10-12', 10), 'unsatisfiable');
  assert.equal(parseRangeHeader(null, 10), null);
});

test('content types cover served files', () => {
  assert.equal(contentTypeFor('index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('assets/index-1.js'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('a.CSS'), 'text/css; charset=utf-8');
  assert.equal(contentTypeFor('Song - Drums.MP3'), 'audio/mpeg');
  assert.equal(contentTypeFor('cover.jpg'), 'image/jpeg');
  assert.equal(contentTypeFor('unknown.xyz'), 'application/octet-stream');
});
