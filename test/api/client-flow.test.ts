// The client against the simulator on the happy paths: create, poll, success, lookup, balance.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../main/util/manual-clock.js';
import { keyFingerprint } from '../../main/api/key-fingerprint.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { SEED_IDS } from '../simulator/seed.js';
import { startHarness, type Harness } from './helpers.js';

describe('crun client flow', () => {
  let harness: Harness;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    harness = await startHarness({ clock, pendingMs: 10_000, runningMs: 20_000, balance: 50, creditsPerTask: { vocal: 2, instrumental: 5 } });
  });
  afterEach(() => harness.close());

  it('separates in vocal mode', async () => {
    const { client, sim } = harness;
    const { taskId } = await client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' });
    assert.equal(taskId.length, 36);
    assert.notEqual(taskId, SEED_IDS.midnightTask);
    assert.equal(sim.balance, 48);

    const pending = await client.getSeparationTask(taskId);
    assert.equal(pending.status, 'pending');
    assert.equal(pending.completeAt, null);
    assert.deepEqual(pending.stems, []);
    assert.equal(pending.failure, null);
    assert.equal(pending.mode, 'vocal');

    await clock.advance(10_000);
    const running = await client.getSeparationTask(taskId);
    assert.equal(running.status, 'running');

    await clock.advance(20_000);
    const done = await client.getSeparationTask(taskId);
    assert.equal(done.status, 'success');
    assert.equal(done.rawStatus, 'success');
    assert.equal(done.taskId, taskId);
    assert.deepEqual(
      done.stems.map((stem) => [stem.key, stem.label, stem.sourceKey]),
      [
        ['origin', 'Original Mix', 'origin_url'],
        ['vocal', 'Vocals', 'vocal_url'],
        ['instrumental', 'Instrumental', 'instrumental_url'],
      ],
    );
    assert.equal(done.stems[0]?.url, `${sim.url}/files/${taskId}/origin.mp3`);
    assert.deepEqual(done.rejectedStems, []);
    assert.equal(done.credits, 2);
    assert.equal(done.durationSeconds, 20);
    assert.equal(done.createAt, Math.floor(Date.UTC(2026, 0, 1) / 1000));
    assert.equal(done.completeAt, (done.createAt ?? 0) + 30);
    assert.equal(done.failure, null);
  });

  it('separates in instrumental mode', async () => {
    const { client } = harness;
    const { taskId } = await client.createSeparation({ generationTaskId: SEED_IDS.paperTask, sunoId: SEED_IDS.paperRepriseSong, mode: 'instrumental' });
    await clock.advance(30_000);

    const done = await client.getSeparationTask(taskId);
    assert.equal(done.status, 'success');
    assert.equal(done.mode, 'instrumental');
    assert.deepEqual(
      done.stems.map((stem) => stem.key),
      ['origin', 'vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'],
    );
    assert.equal(done.stems.find((stem) => stem.key === 'backing_vocals')?.label, 'Backing Vocals');
    assert.equal(done.stems.find((stem) => stem.key === 'fx')?.label, 'FX');
    assert.equal(done.credits, 5);
  });

  it('reports a failed separation', async () => {
    const { client, sim } = harness;
    sim.failNextTask({ code: 501, message: 'separation model crashed' });
    const { taskId } = await client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.neonSong, mode: 'vocal' });
    await clock.advance(30_000);

    const failed = await client.getSeparationTask(taskId);
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.failure, { code: '501', message: 'separation model crashed' });
    assert.deepEqual(failed.stems, []);
  });

  it('looks up a completed generation', async () => {
    const generation = await harness.client.getGenerationTask(SEED_IDS.midnightTask);
    assert.equal(generation.status, 'success');
    assert.equal(generation.title, 'Midnight Addiction');
    assert.match(generation.prompt, /synthwave/);
    assert.match(generation.lyrics, /\[Chorus\]/);
    assert.equal(generation.tags, 'synthwave, female vocals, 118 bpm, analog');
    assert.equal(generation.model, 'suno/v4.5');
    assert.equal(generation.songs.length, 2);

    const [first, second] = generation.songs;
    assert.equal(first?.sunoId, SEED_IDS.midnightSong);
    assert.equal(first?.title, 'Midnight Addiction');
    assert.equal(first?.durationSeconds, 4);
    assert.equal(first?.imageUrl, `${harness.sim.url}/covers/cover.png`);
    assert.equal(first?.audioUrl, `${harness.sim.url}/songs/${SEED_IDS.midnightSong}.mp3`);
    assert.equal(first?.model, 'chirp-v4-5');
    assert.equal(first?.createdAt, Math.floor(Date.UTC(2026, 0, 1) / 1000) + 40);
    assert.equal(second?.title, 'Neon Confession');
  });

  it('looks up a running generation', async () => {
    const generation = await harness.client.getGenerationTask(SEED_IDS.runningTask);
    assert.equal(generation.status, 'running');
    assert.deepEqual(generation.songs, []);
  });

  it('rejects separating a running generation', async () => {
    await assert.rejects(harness.client.createSeparation({ generationTaskId: SEED_IDS.runningTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' }), {
      code: 'validation',
      status: 422,
    });
  });

  it('reads and tracks the balance', async () => {
    assert.equal(await harness.client.getBalance(), 50);
    harness.sim.setBalance(12.75);
    assert.equal(await harness.client.getBalance(), 12.75);
  });

  it('sends the key header and JSON body', async () => {
    const { client, sim } = harness;
    await client.getBalance();
    await client.createSeparation({ generationTaskId: ` ${SEED_IDS.midnightTask} `, sunoId: SEED_IDS.midnightSong, mode: 'vocal' });

    assert.equal(sim.requests.length, 2);
    for (const request of sim.requests) assert.equal(request.keyFingerprint, keyFingerprint(DEFAULT_SIMULATOR_KEY));
    assert.equal(sim.requests[0]?.path, '/api/v1/client/account/balance');
    assert.equal(sim.requests[1]?.method, 'POST');
    assert.equal(sim.requests[1]?.status, 200);
    const created = [...sim.separationTasks.values()][0];
    assert.equal(created?.generationTaskId, SEED_IDS.midnightTask);
    assert.equal(created?.mode, 'vocal');
  });

  it('encodes the task id in the query', async () => {
    await assert.rejects(harness.client.getSeparationTask('abc&task_id=other'), { code: 'not_found' });
    assert.equal(harness.sim.requests[0]?.path, '/api/v1/client/job/TaskInfo?task_id=abc%26task_id%3Dother');
  });

  it('keeps the API key out of the logs', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'raw', body: `{"echo": "${DEFAULT_SIMULATOR_KEY}"` }]);
    await assert.rejects(harness.client.getBalance(), { code: 'bad_response' });
    const log = harness.logLines.join('');
    assert.match(log, /echo/);
    assert.doesNotMatch(log, new RegExp(DEFAULT_SIMULATOR_KEY));
  });
});
