// The simulator's file host: full and partial downloads, If-Range, 416, expiry and covers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../main/util/manual-clock.js';
import { FIXTURES_DIR } from './files.js';
import { SEED_IDS } from './seed.js';
import { DEFAULT_SIMULATOR_KEY, startSimulator, type Simulator } from './simulator.js';

const drums = readFileSync(`${FIXTURES_DIR}audio/drums.mp3`);

async function createTask(sim: Simulator, mode: 'vocal' | 'instrumental'): Promise<string> {
  const response = await fetch(`${sim.url}/api/v1/client/job/CreateTask`, {
    method: 'POST',
    headers: { 'x-api-key': DEFAULT_SIMULATOR_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'suno/vocal-separatio', callback_url: '', input: { task_id: SEED_IDS.midnightTask, suno_id: SEED_IDS.midnightSong, mode } }),
  });
  const body = (await response.json()) as { data: { task_id: string } };
  return body.data.task_id;
}

describe('simulator files', () => {
  let sim: Simulator;
  let taskId: string;
  let pendingTaskId: string;
  let drumsUrl: string;
  const clock = new ManualClock();

  before(async () => {
    sim = await startSimulator({ clock, pendingMs: 1000, runningMs: 1000 });
    taskId = await createTask(sim, 'instrumental');
    drumsUrl = `${sim.url}/files/${taskId}/drums.mp3`;
    await clock.advance(2000);
    pendingTaskId = await createTask(sim, 'instrumental');
  });
  after(() => sim.close());

  it('hides files until the task succeeds', async () => {
    const response = await fetch(`${sim.url}/files/${pendingTaskId}/drums.mp3`);
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });

  it('serves the whole file', async () => {
    const response = await fetch(drumsUrl);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'audio/mpeg');
    assert.equal(response.headers.get('content-length'), String(drums.length));
    assert.equal(response.headers.get('accept-ranges'), 'bytes');
    assert.match(response.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
    assert.equal(response.headers.get('last-modified'), new Date(Date.UTC(2026, 0, 1) + 2000).toUTCString());
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(drums));
  });

  it('serves a byte range', async () => {
    const response = await fetch(drumsUrl, { headers: { range: 'bytes=100-199' } });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get('content-range'), `bytes 100-199/${drums.length}`);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(drums.subarray(100, 200)));
  });

  it('serves open and suffix ranges', async () => {
    const open = await fetch(drumsUrl, { headers: { range: `bytes=${drums.length - 10}-` } });
    assert.equal(open.status, 206);
    assert.ok(Buffer.from(await open.arrayBuffer()).equals(drums.subarray(drums.length - 10)));

    const suffix = await fetch(drumsUrl, { headers: { range: 'bytes=-5' } });
    assert.equal(suffix.status, 206);
    assert.equal(suffix.headers.get('content-range'), `bytes ${drums.length - 5}-${drums.length - 1}/${drums.length}`);
    await suffix.arrayBuffer();
  });

  it('returns 416 past the end', async () => {
    const response = await fetch(drumsUrl, { headers: { range: `bytes=${drums.length}-` } });
    assert.equal(response.status, 416);
    assert.equal(response.headers.get('content-range'), `bytes */${drums.length}`);
    await response.arrayBuffer();
  });

  it('honours a matching If-Range', async () => {
    const head = await fetch(drumsUrl, { method: 'HEAD' });
    const etag = head.headers.get('etag') ?? '';
    const lastModified = head.headers.get('last-modified') ?? '';

    const byEtag = await fetch(drumsUrl, { headers: { range: 'bytes=0-9', 'if-range': etag } });
    assert.equal(byEtag.status, 206);
    await byEtag.arrayBuffer();

    const byDate = await fetch(drumsUrl, { headers: { range: 'bytes=0-9', 'if-range': lastModified } });
    assert.equal(byDate.status, 206);
    await byDate.arrayBuffer();
  });

  it('sends everything on a stale If-Range', async () => {
    const response = await fetch(drumsUrl, { headers: { range: 'bytes=0-9', 'if-range': '"stale-etag"' } });
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, drums.length);
  });

  it('ignores multiple ranges', async () => {
    const response = await fetch(drumsUrl, { headers: { range: 'bytes=0-9,20-29' } });
    assert.equal(response.status, 200);
    await response.arrayBuffer();
  });

  it('gives stems of another task another ETag', async () => {
    const otherTask = await createTask(sim, 'instrumental');
    await clock.advance(2000);
    const first = await fetch(drumsUrl, { method: 'HEAD' });
    const second = await fetch(`${sim.url}/files/${otherTask}/drums.mp3`, { method: 'HEAD' });
    assert.equal(second.status, 200);
    assert.notEqual(first.headers.get('etag'), second.headers.get('etag'));
  });

  it('serves only the stems of the mode', async () => {
    const vocalTask = await createTask(sim, 'vocal');
    await clock.advance(2000);
    const instrumental = await fetch(`${sim.url}/files/${vocalTask}/instrumental.mp3`, { method: 'HEAD' });
    assert.equal(instrumental.status, 200);
    const drumsOfVocal = await fetch(`${sim.url}/files/${vocalTask}/drums.mp3`, { method: 'HEAD' });
    assert.equal(drumsOfVocal.status, 404);
  });

  it('returns 410 once expired', async () => {
    sim.expireFiles(taskId);
    const response = await fetch(drumsUrl);
    assert.equal(response.status, 410);
    await response.arrayBuffer();
  });

  it('returns 404 after deleteTask', async () => {
    const otherTask = await createTask(sim, 'vocal');
    await clock.advance(2000);
    assert.equal(sim.deleteTask(otherTask), true);
    const response = await fetch(`${sim.url}/files/${otherTask}/vocal.mp3`);
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });

  it('serves covers and song audio without a key', async () => {
    const cover = await fetch(`${sim.url}/covers/cover.png`);
    assert.equal(cover.status, 200);
    assert.equal(cover.headers.get('content-type'), 'image/png');
    const bytes = Buffer.from(await cover.arrayBuffer());
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');

    const song = await fetch(`${sim.url}/songs/${SEED_IDS.paperSong}.mp3`, { method: 'HEAD' });
    assert.equal(song.status, 200);
    const unknownSong = await fetch(`${sim.url}/songs/not-a-song.mp3`, { method: 'HEAD' });
    assert.equal(unknownSong.status, 404);
  });
});
