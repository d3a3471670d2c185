// The client's error mapping against the simulator: statuses, envelope codes and malformed bodies.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ErrorCode } from '../../preload/contract.js';
import { createCrunClient } from '../../main/api/client.js';
import { RateLimiter } from '../../main/api/rate-limiter.js';
import { MAX_RESPONSE_BYTES } from '../../main/api/transport.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { SEED_IDS } from '../simulator/seed.js';
import { expectAppError, newClient, startHarness, type Harness } from './helpers.js';

const STATUS_CASES: { status: number; code: ErrorCode }[] = [
  { status: 401, code: 'invalid_key' },
  { status: 402, code: 'insufficient_credits' },
  { status: 404, code: 'not_found' },
  { status: 422, code: 'validation' },
  { status: 429, code: 'rate_limited' },
  { status: 455, code: 'maintenance' },
  { status: 500, code: 'server_error' },
  { status: 503, code: 'server_error' },
  { status: 501, code: 'generation_failed' },
  { status: 505, code: 'feature_disabled' },
];

describe('crun client errors', () => {
  let harness: Harness;

  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());
  beforeEach(() => {
    harness.logLines.length = 0;
    harness.client = newClient(harness.sim);
  });

  for (const { status, code } of STATUS_CASES) {
    it(`maps HTTP ${status} to ${code}`, async () => {
      harness.sim.injectFaults('balance', [{ kind: 'status', status, message: `provider says ${status}` }]);
      const error = await expectAppError(harness.client.getBalance());
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.match(error.detail ?? '', new RegExp(`provider says ${status}`));
    });

    it(`maps envelope code ${status} to ${code}`, async () => {
      harness.sim.injectFaults('TaskInfo', [{ kind: 'envelope', code: status, message: `envelope says ${status}` }]);
      const error = await expectAppError(harness.client.getSeparationTask('0f0f0f0f-0000-4000-8000-000000000001'));
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assert.match(error.detail ?? '', /in an HTTP 200 response/);
    });
  }

  it('uses the provider message for validation', async () => {
    harness.sim.injectFaults('CreateTask', [{ kind: 'status', status: 422, message: 'suno_id must be a string' }]);
    const error = await expectAppError(harness.client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' }));
    assert.equal(error.code, 'validation');
    assert.equal(error.message, 'suno_id must be a string');
  });

  it('reads Retry-After seconds', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'status', status: 429, retryAfter: '7' }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /Wait 7 s/);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const retryAt = new Date(Date.now() + 120_000).toUTCString();
    harness.sim.injectFaults('balance', [{ kind: 'status', status: 429, retryAfter: retryAt }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'rate_limited');
    const retryAfterMs = error.retryAfterMs ?? -1;
    // HTTP dates have whole seconds, so up to a second is lost; the margin also covers a slow machine.
    assert.ok(retryAfterMs > 100_000, `retryAfterMs was ${retryAfterMs}`);
    assert.ok(retryAfterMs <= 120_000, `retryAfterMs was ${retryAfterMs}`);
  });

  it('maps a real 404 for an unknown task', async () => {
    const error = await expectAppError(harness.client.getSeparationTask('99999999-9999-4999-8999-999999999999'));
    assert.equal(error.code, 'not_found');
    assert.match(error.message, /99999999-9999-4999-8999-999999999999/);
  });

  it('maps the real 402 of CreateTask', async () => {
    harness.sim.setBalance(0);
    const error = await expectAppError(harness.client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'instrumental' }));
    harness.sim.setBalance(1000);
    assert.equal(error.code, 'insufficient_credits');
    assert.equal(error.status, 402);
  });

  it('maps an HTML page on HTTP 200 to bad_response', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'html' }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'bad_response');
    assert.equal(error.status, 200);
    assert.match(error.message, /HTTP 200, text\/html/);
    assert.match(harness.logLines.join(''), /Bad Gateway/);
  });

  it('maps an HTML page on HTTP 502 to server_error', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'html', status: 502 }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'server_error');
    assert.equal(error.status, 502);
  });

  it('maps an HTML page on HTTP 418 to bad_response', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'html', status: 418 }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'bad_response');
    assert.equal(error.status, 418);
  });

  it('maps truncated JSON to bad_response', async () => {
    harness.sim.injectFaults('TaskInfo', [{ kind: 'raw', body: '{"code":200,"message":"success","data":{"task_id":"abc","sta' }]);
    const error = await expectAppError(harness.client.getSeparationTask('0f0f0f0f-0000-4000-8000-000000000002'));
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /not JSON/);
  });

  it('maps an empty body to bad_response', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'raw', body: '' }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'bad_response');
  });

  it('maps a JSON array to bad_response', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'raw', body: '[1, 2, 3]' }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /envelope is invalid/);
  });

  it('names the path of a wrong type', async () => {
    harness.sim.injectFaults('TaskInfo', [
      {
        kind: 'transform',
        transform: (envelope) => ({ ...envelope, data: { ...(envelope.data as object), task_id: 12345 } }),
      },
    ]);
    const error = await expectAppError(harness.client.getGenerationTask(SEED_IDS.midnightTask));
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /data\.task_id/);
    assert.match(error.message, /TaskInfo for task/);
  });

  it('rejects a status that is not a string', async () => {
    harness.sim.injectFaults('TaskInfo', [{ kind: 'transform', transform: (envelope) => ({ ...envelope, data: { ...(envelope.data as object), status: { nested: ['x'] } } }) }]);
    const error = await expectAppError(harness.client.getGenerationTask(SEED_IDS.paperTask));
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /data\.status/);
  });

  it('rejects a balance that is not a number', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'transform', transform: () => ({ code: 200, message: 'success', data: { balance: 'plenty' } }) }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /data\.balance/);
  });

  it('accepts a balance sent as a string', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'transform', transform: () => ({ code: '200', message: 'success', data: { balance: '17.5' } }) }]);
    assert.equal(await harness.client.getBalance(), 17.5);
  });

  it('rejects a create response without task_id', async () => {
    harness.sim.injectFaults('CreateTask', [{ kind: 'transform', transform: () => ({ code: 200, message: 'success', data: { id: 'x' } }) }]);
    const error = await expectAppError(harness.client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' }));
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /data\.task_id/);
  });

  it('tolerates lenient fields of garbage', async () => {
    harness.sim.injectFaults('TaskInfo', [
      {
        kind: 'transform',
        transform: () => ({
          code: 200,
          message: 'success',
          extra: { deeply: [[[{ nested: null }]]] },
          data: {
            task_id: SEED_IDS.midnightTask,
            status: 'running',
            create_at: '1768900378',
            complete_at: { when: 'later' },
            duration_s: 'NaN',
            credits: [1, 2],
            param: 'not an object',
            result: null,
            unexpected: { a: { b: { c: [1, { d: 'e' }] } } },
          },
        }),
      },
    ]);
    const info = await harness.client.getSeparationTask(SEED_IDS.midnightTask);
    assert.equal(info.status, 'running');
    assert.equal(info.createAt, 1768900378);
    assert.equal(info.completeAt, null);
    assert.equal(info.durationSeconds, null);
    assert.equal(info.credits, null);
    assert.equal(info.mode, null);
  });

  it('cuts huge strings', async () => {
    const huge = 'x'.repeat(200_000);
    harness.sim.injectFaults('TaskInfo', [
      {
        kind: 'transform',
        transform: (envelope) => {
          const data = envelope.data as { param: { input: Record<string, unknown> }; result: { suno_data: Record<string, unknown>[] } };
          data.param.input.title = huge;
          data.param.input.lyrics = huge;
          const firstSong = data.result.suno_data[0] as Record<string, unknown>;
          firstSong.title = huge;
          firstSong.suno_image_url = `https://example.com/${huge}`;
          return envelope;
        },
      },
    ]);
    const generation = await harness.client.getGenerationTask(SEED_IDS.midnightTask);
    assert.equal(generation.title.length, 500);
    assert.equal(generation.lyrics.length, 20_000);
    assert.equal(generation.songs[0]?.title.length, 500);
    assert.equal(generation.songs[0]?.imageUrl === null, true, 'an over-long image URL becomes null');
    assert.equal(generation.songs.length, 2);
  });

  it('rejects a body over the size limit', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'raw', body: `{"code":200,"message":"${'y'.repeat(MAX_RESPONSE_BYTES + 10)}","data":{"balance":1}}` }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'bad_response');
    assert.match(error.message, /larger than/);
  });

  it('skips a song without suno_id', async () => {
    harness.sim.injectFaults('TaskInfo', [
      {
        kind: 'transform',
        transform: (envelope) => {
          const data = envelope.data as { result: { suno_data: unknown[] } };
          data.result.suno_data[0] = { title: 'no id', nested: { garbage: [] } };
          data.result.suno_data.push('not a song', null, 42);
          return envelope;
        },
      },
    ]);
    const generation = await harness.client.getGenerationTask(SEED_IDS.paperTask);
    assert.deepEqual(
      generation.songs.map((song) => song.sunoId),
      [SEED_IDS.paperRepriseSong],
    );
  });

  it('treats an unknown status as unknown', async () => {
    const { taskId } = await harness.client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' });
    harness.sim.injectFaults('TaskInfo', [{ kind: 'task-status', status: 'Queued_For_GPU' }]);
    const info = await harness.client.getSeparationTask(taskId);
    assert.equal(info.status, 'unknown');
    assert.equal(info.rawStatus, 'Queued_For_GPU');
    assert.match(harness.logLines.join(''), /unknown task status/);
  });

  it('maps a connection reset to network', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'reset' }]);
    const error = await expectAppError(harness.client.getBalance());
    assert.equal(error.code, 'network');
    assert.match(error.message, /127\.0\.0\.1/);
  });

  it('maps a refused connection to network', async () => {
    const client = createCrunClient({ apiBase: 'http://127.0.0.1:9', getKey: async () => DEFAULT_SIMULATOR_KEY, limiter: new RateLimiter() });
    const error = await expectAppError(client.getBalance());
    assert.equal(error.code, 'network');
    assert.match(error.message, /ECONNREFUSED/);
  });

  it('maps a slow response to timeout', async () => {
    const client = createCrunClient({ apiBase: harness.sim.url, getKey: async () => DEFAULT_SIMULATOR_KEY, limiter: new RateLimiter(), timeoutMs: 100 });
    harness.sim.injectFaults('balance', [{ kind: 'delay', ms: 2000 }]);
    const error = await expectAppError(client.getBalance());
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /did not respond/);
  });

  it('rethrows the caller abort reason', async () => {
    harness.sim.injectFaults('balance', [{ kind: 'delay', ms: 2000 }]);
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const pending = harness.client.getBalance(controller.signal);
    setTimeout(() => controller.abort(reason), 50);
    await assert.rejects(pending, (error) => error === reason);
  });

  it('rejects invalid ids before any request', async () => {
    const before = harness.sim.requests.length;
    for (const id of ['', '   ', 'has space', 'x'.repeat(201), 'tab\tid']) {
      const error = await expectAppError(harness.client.getSeparationTask(id));
      assert.equal(error.code, 'invalid_argument', `id ${JSON.stringify(id.slice(0, 20))}`);
    }
    const modeError = await expectAppError(
      harness.client.createSeparation({ generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'karaoke' as 'vocal' }),
    );
    assert.equal(modeError.code, 'invalid_argument');
    assert.equal(harness.sim.requests.length, before);
  });
});
