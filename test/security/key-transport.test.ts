// Where the API key travels, in cases test/api/client-security.test.ts does not cover: API
// addresses that parse in surprising ways, and redirects on every endpoint. A whole flow checks
// that only the API endpoints of the configured origin receive the key and downloads never do.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CHANNELS, type GenerationDto, type Result } from '../../preload/contract.js';
import { createCrunClient } from '../../main/api/client.js';
import { RateLimiter } from '../../main/api/rate-limiter.js';
import { AppError } from '../../main/errors.js';
import { createIpcRouter } from '../../main/ipc/router.js';
import { CoverCache } from '../../main/media/cover-cache.js';
import { PeaksCache } from '../../main/media/peaks.js';
import type { FaultEndpoint } from '../simulator/faults.js';
import { SEED_IDS } from '../simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY, startSimulator, type Simulator } from '../simulator/simulator.js';
import { startCoreFixture, waitForState, type CoreFixture } from '../support/core-fixture.js';
import { startRequestTrap, type RequestTrap } from './request-trap.js';

const SONG = { generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' as const };

async function expectAppError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an AppError, but the promise resolved');
}

describe('API addresses that parse in surprising ways', () => {
  // Each looks local or harmless at a glance, but its host is not a loopback address, or it
  // carries credentials, so the key must not be read, let alone sent.
  const addresses = [
    'http://127.0.0.1@evil.example',
    'http://localhost:80@evil.example',
    'http://evil.example\\@127.0.0.1',
    'http://evil.example#@127.0.0.1',
    'http://localhost.evil.example',
    'http://0.0.0.0:8080',
    'http://[::ffff:127.0.0.1]:8080',
    'http://[::]:8080',
    'HTTP://API.CRUN.AI',
    'ws://127.0.0.1:8080',
    'javascript:alert(1)',
    '//api.crun.ai',
  ];

  for (const apiBase of addresses) {
    it(`rejects ${apiBase}`, async () => {
      let keyReads = 0;
      const client = createCrunClient({
        apiBase,
        getKey: async () => {
          keyReads += 1;
          return DEFAULT_SIMULATOR_KEY;
        },
        limiter: new RateLimiter(),
      });
      const error = await expectAppError(client.getBalance());
      assert.equal(error.code, 'invalid_argument', error.message);
      assert.equal(keyReads, 0, 'the key is not read for an address it may not go to');
    });
  }
});

describe('redirects on every endpoint', () => {
  let sim: Simulator;
  let trap: RequestTrap;
  let taskId: string;

  before(async () => {
    sim = await startSimulator({ pendingMs: 0, runningMs: 0 });
    trap = await startRequestTrap();
    const client = createCrunClient({ apiBase: sim.url, getKey: async () => DEFAULT_SIMULATOR_KEY, limiter: new RateLimiter() });
    taskId = (await client.createSeparation(SONG)).taskId;
  });
  after(async () => {
    await sim.close();
    await trap.close();
  });

  const calls: { endpoint: FaultEndpoint; run: (client: ReturnType<typeof createCrunClient>) => Promise<unknown> }[] = [
    { endpoint: 'CreateTask', run: (client) => client.createSeparation(SONG) },
    { endpoint: 'TaskInfo', run: (client) => client.getSeparationTask(taskId) },
    { endpoint: 'TaskInfo', run: (client) => client.getGenerationTask(SEED_IDS.midnightTask) },
    { endpoint: 'balance', run: (client) => client.getBalance() },
  ];

  for (const [index, call] of calls.entries()) {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`${call.endpoint} call ${index} with HTTP ${status}`, async () => {
        const trapPort = new URL(trap.url).port;
        // Alternate absolute and protocol-relative locations; both name the trap's origin.
        const location = status % 2 === 0 ? `${trap.url}/api/v1/client/account/balance` : `//127.0.0.1:${trapPort}/api/v1/client/job/TaskInfo`;
        sim.injectFaults(call.endpoint, [{ kind: 'redirect', location, status }]);
        const client = createCrunClient({ apiBase: sim.url, getKey: async () => DEFAULT_SIMULATOR_KEY, limiter: new RateLimiter() });

        const error = await expectAppError(call.run(client));
        assert.equal(error.code, 'bad_response', error.message);
        assert.equal(error.status, status);
        assert.equal(trap.requests.length, 0, 'the redirect is not followed');
      });
    }
  }
});

describe('key in a whole flow', () => {
  let fixture: CoreFixture;
  let trap: RequestTrap;

  before(async () => {
    fixture = await startCoreFixture({ simulator: { pendingMs: 0, runningMs: 0 } });
    trap = await startRequestTrap();
  });
  after(async () => {
    await fixture.close();
    await trap.close();
  });

  it('sends the key only to API endpoints', async () => {
    const { core, simulator } = fixture;
    const submitted = await core.engine.submit(SONG);
    const done = await waitForState(core, submitted.id, ['done', 'failed', 'paused', 'expired']);
    assert.equal(done.state, 'done', JSON.stringify(done.error));
    await core.engine.settled();

    // A looked-up cover goes through the cover cache, which fetches it with its own client.
    const router = createIpcRouter(core, {
      mediaBaseUrl: '/media/',
      coverCache: new CoverCache(fixture.dataDir, () => simulator.url),
      peaksCache: new PeaksCache(fixture.dataDir),
    });
    const lookup = (await router.handlers[CHANNELS.songsLookup]?.([SEED_IDS.paperTask])) as Result<GenerationDto>;
    assert.ok(lookup.ok, JSON.stringify(lookup));
    const coverPath = lookup.value.songs[0]?.imageUrl?.replace('/media/', '');
    assert.ok(coverPath, 'the looked-up song has a cover');
    await router.resolveMedia(coverPath);

    const withKey = simulator.requests.filter((request) => request.keyFingerprint !== null);
    const downloads = simulator.requests.filter((request) => /^\/(files|covers|songs)\//.test(request.path));
    assert.ok(withKey.length >= 3, 'lookups, the create call and the queries carry the key');
    assert.ok(downloads.filter((request) => request.path.startsWith('/files/')).length >= 3, 'the stems were downloaded');
    assert.ok(downloads.filter((request) => request.path.startsWith('/covers/')).length >= 2, 'the song cover and the looked-up cover were downloaded');
    assert.deepEqual(
      withKey.filter((request) => !request.path.startsWith('/api/v1/client/')).map((request) => request.path),
      [],
      'only API endpoints receive the key',
    );
    assert.deepEqual(
      downloads.filter((request) => request.keyFingerprint !== null).map((request) => request.path),
      [],
      'no download carries the key',
    );
  });

  it('sends no key through a stem redirect', async () => {
    const { core, simulator } = fixture;
    simulator.injectFaults('files', [1, 2, 3].map(() => ({ kind: 'redirect' as const, location: `${trap.url}/stolen.mp3`, status: 302 })));
    const submitted = await core.engine.submit({ ...SONG, sunoId: SEED_IDS.neonSong });
    await waitForState(core, submitted.id, ['done', 'failed', 'paused', 'expired']);
    await core.engine.settled();

    const keyed = trap.requests.filter((request) => request.headers['x-api-key'] !== undefined);
    assert.deepEqual(keyed, []);
  });
});
