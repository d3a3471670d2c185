// The simulator's API over raw HTTP: authentication, CreateTask validation, task progress, faults.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keyFingerprint } from '../../main/api/key-fingerprint.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { SEED_IDS } from './seed.js';
import { DEFAULT_SIMULATOR_KEY, startSimulator, type Simulator } from './simulator.js';

interface Envelope {
  code: number;
  message: string;
  data: Record<string, unknown> | null;
}

const MODEL = 'suno/vocal-separatio';

describe('simulator api', () => {
  let sim: Simulator;
  const clock = new ManualClock();

  async function call(path: string, init: { method?: string; key?: string | null; body?: unknown } = {}): Promise<{ status: number; body: Envelope }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const key = init.key === undefined ? DEFAULT_SIMULATOR_KEY : init.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    const response = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers, body });
    return { status: response.status, body: (await response.json()) as Envelope };
  }

  function create(input: Record<string, unknown>, model: unknown = MODEL) {
    return call('/api/v1/client/job/CreateTask', { method: 'POST', body: { model, callback_url: '', input } });
  }

  const goodInput = { task_id: SEED_IDS.paperTask, suno_id: SEED_IDS.paperSong, mode: 'vocal' };

  before(async () => {
    sim = await startSimulator({ clock, pendingMs: 3000, runningMs: 5000, balance: 10, creditsPerTask: { vocal: 2, instrumental: 4 } });
  });
  after(() => sim.close());

  for (const path of ['/api/v1/client/account/balance', `/api/v1/client/job/TaskInfo?task_id=${SEED_IDS.midnightTask}`, '/api/v1/client/job/CreateTask']) {
    it(`returns 401 without a key on ${path.split('?')[0]}`, async () => {
      const method = path.includes('CreateTask') ? 'POST' : 'GET';
      const missing = await call(path, { method, key: null, body: method === 'POST' ? { model: MODEL, input: goodInput } : undefined });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.code, 401);
      const wrong = await call(path, { method, key: 'not-the-key', body: method === 'POST' ? { model: MODEL, input: goodInput } : undefined });
      assert.equal(wrong.status, 401);
    });
  }

  const invalidCases: [string, Record<string, unknown>, unknown, RegExp][] = [
    ['a wrong model', goodInput, 'suno/vocal-separation', /model must be/],
    ['an unknown task', { ...goodInput, task_id: '00000000-0000-4000-8000-000000000000' }, MODEL, /task_id not found/],
    ['a running task', { ...goodInput, task_id: SEED_IDS.runningTask }, MODEL, /not a completed/],
    ['a song of another task', { ...goodInput, suno_id: SEED_IDS.midnightSong }, MODEL, /suno_id not found/],
    ['an unknown mode', { ...goodInput, mode: 'karaoke' }, MODEL, /mode must be/],
    ['a missing task id', { suno_id: SEED_IDS.paperSong }, MODEL, /task_id is required/],
  ];
  for (const [name, input, model, message] of invalidCases) {
    it(`returns 422 for ${name}`, async () => {
      const balanceBefore = sim.balance;
      const { status, body } = await create(input, model);
      assert.equal(status, 422);
      assert.equal(body.code, 422);
      assert.match(body.message, message);
      assert.equal(sim.balance, balanceBefore);
    });
  }

  it('returns 422 for a body that is not JSON', async () => {
    const { status, body } = await call('/api/v1/client/job/CreateTask', { method: 'POST', body: '{"model": ' });
    assert.equal(status, 422);
    assert.match(body.message, /not valid JSON/);
  });

  it('charges and creates a task', async () => {
    const { status, body } = await create(goodInput);
    assert.equal(status, 200);
    const taskId = body.data?.task_id;
    assert.equal(typeof taskId, 'string');
    assert.match(taskId as string, /^[0-9a-f-]{36}$/);
    assert.equal(sim.balance, 8);
  });

  it('returns 402 when the balance is too low', async () => {
    sim.setBalance(3);
    const { status, body } = await create({ ...goodInput, mode: 'instrumental' });
    assert.equal(status, 402);
    assert.match(body.message, /insufficient credits/);
    assert.equal(sim.balance, 3);
    sim.setBalance(100);
  });

  it('moves a task from pending to success', async () => {
    const { body } = await create({ ...goodInput, mode: 'instrumental' });
    const path = `/api/v1/client/job/TaskInfo?task_id=${String(body.data?.task_id)}`;

    const pending = await call(path);
    assert.equal(pending.body.data?.status, 'pending');
    assert.equal(pending.body.data?.result, null);
    assert.equal(pending.body.data?.complete_at, null);

    await clock.advance(3000);
    assert.equal((await call(path)).body.data?.status, 'running');

    await clock.advance(5000);
    const done = await call(path);
    assert.equal(done.body.data?.status, 'success');
    assert.equal(done.body.data?.duration_s, 5);
    assert.equal(done.body.data?.credits, 4);
    const mediaInfo = (done.body.data?.result as { media_info: Record<string, string> }).media_info;
    assert.equal(Object.keys(mediaInfo).length, 13);
    assert.equal(mediaInfo.woodwinds_url, `${sim.url}/files/${String(body.data?.task_id)}/woodwinds.mp3`);
  });

  it('fails the task after failNextTask', async () => {
    sim.failNextTask({ code: 501, message: 'stem model crashed' });
    const { body } = await create(goodInput);
    await clock.advance(8000);
    const info = await call(`/api/v1/client/job/TaskInfo?task_id=${String(body.data?.task_id)}`);
    assert.equal(info.body.data?.status, 'failed');
    assert.deepEqual(info.body.data?.result, { code: 501, message: 'stem model crashed' });

    const { body: next } = await create(goodInput);
    await clock.advance(8000);
    const nextInfo = await call(`/api/v1/client/job/TaskInfo?task_id=${String(next.data?.task_id)}`);
    assert.equal(nextInfo.body.data?.status, 'success');
  });

  it('returns suno_data for a generation', async () => {
    const { status, body } = await call(`/api/v1/client/job/TaskInfo?task_id=${SEED_IDS.midnightTask}`);
    assert.equal(status, 200);
    const songs = (body.data?.result as { suno_data: { suno_id: string; title: string }[] }).suno_data;
    assert.deepEqual(
      songs.map((song) => song.title),
      ['Midnight Addiction', 'Neon Confession'],
    );
    assert.equal((body.data?.param as { input: { title: string } }).input.title, 'Midnight Addiction');
  });

  it('seeds ids in the 36-character form', () => {
    for (const task of sim.generationTasks) {
      assert.equal(task.taskId.length, 36, task.title);
      for (const song of task.songs) assert.equal(song.sunoId.length, 36, song.title);
    }
    assert.ok(sim.generationTasks.filter((task) => task.status === 'success' && task.songs.length === 2).length >= 2);
  });

  it('returns TaskInfo errors', async () => {
    const missing = await call('/api/v1/client/job/TaskInfo');
    assert.equal(missing.status, 422);
    const unknown = await call('/api/v1/client/job/TaskInfo?task_id=00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.message, /task not found/);
  });

  it('forgets a deleted task', async () => {
    const { body } = await create(goodInput);
    const taskId = String(body.data?.task_id);
    assert.equal(sim.deleteTask(taskId), true);
    assert.equal(sim.deleteTask(taskId), false);
    assert.equal((await call(`/api/v1/client/job/TaskInfo?task_id=${taskId}`)).status, 404);
  });

  it('returns 404 and 405 off the API', async () => {
    assert.equal((await call('/api/v2/whatever')).status, 404);
    assert.equal((await call('/api/v1/client/account/balance', { method: 'POST', body: {} })).status, 405);
  });

  it('adds a generation task', async () => {
    sim.addGenerationTask({
      taskId: 'e15a3d49-6f71-4a08-b259-4a3b7f0d6e05',
      status: 'success',
      prompt: 'p',
      title: 'Added',
      tags: 't',
      lyrics: '',
      model: 'suno/v4.5',
      songs: [{ sunoId: 'e15a3d49-6f71-4a08-b259-4a3b7f0d6e51', title: 'Added Song', tags: 't', durationSeconds: 4, modelName: 'chirp-v4-5', cover: 'cover.png', createTime: 1 }],
    });
    const { status } = await create({ task_id: 'e15a3d49-6f71-4a08-b259-4a3b7f0d6e05', suno_id: 'e15a3d49-6f71-4a08-b259-4a3b7f0d6e51', mode: 'vocal' });
    assert.equal(status, 200);
  });

  it('uses each fault once in order', async () => {
    sim.injectFaults('balance', [
      { kind: 'status', status: 500 },
      { kind: 'envelope', code: 455, message: 'maintenance' },
    ]);
    sim.injectFaults('any', [{ kind: 'status', status: 503 }]);
    const statuses: [number, number][] = [];
    for (let index = 0; index < 4; index++) {
      const { status, body } = await call('/api/v1/client/account/balance');
      statuses.push([status, body.code]);
    }
    assert.deepEqual(statuses, [
      [500, 500],
      [200, 455],
      [503, 503],
      [200, 200],
    ]);
  });

  it('sends Retry-After with a status fault', async () => {
    sim.injectFaults('balance', [{ kind: 'status', status: 429, retryAfter: '12' }]);
    const response = await fetch(`${sim.url}/api/v1/client/account/balance`, { headers: { 'x-api-key': DEFAULT_SIMULATOR_KEY } });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '12');
    await response.arrayBuffer();
  });

  it('logs requests with key fingerprints', async () => {
    const before = sim.requests.length;
    await call('/api/v1/client/account/balance');
    await call('/api/v1/client/account/balance', { key: null });
    const [withKey, withoutKey] = sim.requests.slice(before);
    assert.equal(withKey?.keyFingerprint, keyFingerprint(DEFAULT_SIMULATOR_KEY));
    assert.equal(withKey?.status, 200);
    assert.equal(withKey?.time, clock.now());
    assert.equal(withKey?.method, 'GET');
    assert.equal(withoutKey?.keyFingerprint, null);
    assert.equal(withoutKey?.status, 401);
  });
});
