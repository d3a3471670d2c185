// Where the client may send the API key: https only (http to loopback), never through a redirect.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { endpointUrl, isLoopbackHost, parseApiBase } from '../../main/api/api-base.js';
import { createCrunClient } from '../../main/api/client.js';
import { RateLimiter } from '../../main/api/rate-limiter.js';
import { startSimulator, type Simulator } from '../simulator/simulator.js';
import { captureLogs, expectAppError, newClient } from './helpers.js';

describe('crun client security', () => {
  let sim: Simulator;
  let otherOrigin: Simulator;

  before(async () => {
    captureLogs();
    sim = await startSimulator();
    otherOrigin = await startSimulator();
  });
  after(async () => {
    await sim.close();
    await otherOrigin.close();
  });

  for (const apiBase of ['http://api.crun.ai', 'http://192.168.1.10:8080', 'ftp://127.0.0.1', 'file:///etc/passwd', 'not a url', 'https://user:secret@api.crun.ai', 'https://api.crun.ai/?debug=1', 'http://127.0.0.1.evil.example']) {
    it(`rejects apiBase ${apiBase}`, async () => {
      let keyReads = 0;
      const client = createCrunClient({
        apiBase,
        getKey: async () => {
          keyReads += 1;
          return 'sim-test-key-0001';
        },
        limiter: new RateLimiter(),
      });
      const error = await expectAppError(client.getBalance());
      assert.equal(error.code, 'invalid_argument');
      const shown = apiBase.replace('user:secret@', '');
      assert.ok(error.message.includes(shown), error.message);
      assert.doesNotMatch(error.message, /secret/);
      assert.equal(keyReads, 0);
    });
  }

  it('accepts loopback hosts over http', () => {
    for (const apiBase of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:3000', 'http://[::1]:3000', 'https://api.crun.ai', 'https://api.crun.ai/']) {
      assert.doesNotThrow(() => parseApiBase(apiBase), apiBase);
    }
  });

  it('recognises loopback hosts', () => {
    assert.equal(isLoopbackHost('127.0.0.1'), true);
    assert.equal(isLoopbackHost('LOCALHOST'), true);
    assert.equal(isLoopbackHost('[::1]'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
    assert.equal(isLoopbackHost('localhost.example.com'), false);
    assert.equal(isLoopbackHost('[::2]'), false);
  });

  it('keeps the base path in endpoint URLs', () => {
    const url = endpointUrl(new URL('https://proxy.example.com/crun/'), '/api/v1/client/job/TaskInfo', { task_id: 'a b' });
    assert.equal(url.href, 'https://proxy.example.com/crun/api/v1/client/job/TaskInfo?task_id=a+b');
  });

  it('does not follow a redirect', async () => {
    const client = newClient(sim);
    sim.injectFaults('balance', [{ kind: 'redirect', location: `${otherOrigin.url}/api/v1/client/account/balance`, status: 307 }]);

    const error = await expectAppError(client.getBalance());
    assert.equal(error.code, 'bad_response');
    assert.equal(error.status, 307);
    assert.ok(error.message.includes(otherOrigin.url), error.message);
    assert.equal(otherOrigin.requests.length, 0);
    assert.equal(otherOrigin.requests.filter((request) => request.keyFingerprint !== null).length, 0);
  });

  it('stops before any request without a key', async () => {
    const before = sim.requests.length;
    for (const key of [null, '']) {
      const client = newClient(sim, { getKey: async () => key });
      const error = await expectAppError(client.getSeparationTask('3b1f8c52-6d0e-4a8e-9c47-1f2a6b7d9e01'));
      assert.equal(error.code, 'no_key');
    }
    assert.equal(sim.requests.length, before);
  });

  it('maps a wrong key to invalid_key', async () => {
    const client = newClient(sim, { getKey: async () => 'wrong-key-123456' });
    const error = await expectAppError(client.getBalance());
    assert.equal(error.code, 'invalid_key');
    assert.equal(error.status, 401);
    assert.doesNotMatch(error.message, /wrong-key-123456/);
  });
});
