// The whole app with a known, distinctive API key, driven through the loopback host as the renderer
// drives it. Afterwards no file, log line, RPC response, event or renderer page contains the key.
// The keychain ("Stemcrate Sandbox" service) is the one place where it may be stored.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHANNELS, type TaskDto } from '../../preload/contract.js';
import { createLogger, logDirFor, setRootLogger } from '../../main/log/logger.js';
import { loadKeytarBackend } from '../../main/secrets/keytar-backend.js';
import { KEYCHAIN_ACCOUNT } from '../../main/secrets/types.js';
import { startTestHost, type TestHost } from '../host/start-host.js';
import { SEED_IDS } from '../simulator/seed.js';
import { findInFiles, findInTexts, secretSpellings } from './file-scan.js';
import { HostSession, type RpcResponse } from './host-session.js';
import { RendererProbe, rendererUnavailable } from './renderer-probe.js';

const KEY_SUFFIX = randomBytes(16).toString('hex');
const WRONG_KEY_SUFFIX = randomBytes(16).toString('hex');
const KEY = `sk-leakcheck-${KEY_SUFFIX}`;
/** The simulator accepts it too; the sandbox shows it as a hint, so it is public and never searched for. */
const SANDBOX_HINT_KEY = 'sandbox-key-0001';
const WRONG_KEY = `sk-leakcheck-wrong-${WRONG_KEY_SUFFIX}`;
/** The random parts alone also count, so a key that was cut or re-encoded around its prefix is found. */
const NEEDLES = [...secretSpellings(KEY), ...secretSpellings(WRONG_KEY), KEY_SUFFIX, WRONG_KEY_SUFFIX];
const KEYCHAIN_SERVICE = 'Stemcrate Sandbox';
const TASK_TIMEOUT_MS = 60_000;
const FINISHED = new Set(['done', 'failed', 'paused', 'expired', 'lost', 'cancelled', 'maybe_submitted']);
const RENDERER_PROBLEM = rendererUnavailable();

/** True when the host rejected the call, either as HTTP 400 or as a failed Result. */
function isRejected(response: RpcResponse): boolean {
  return response.status === 400 || (response.body.ok && (response.body.value as { ok?: boolean } | null)?.ok === false);
}

/** Returns the Result inside a `{ ok: true, value: Result }` response, after checking HTTP 200. */
function result(response: RpcResponse): { ok: boolean; value?: unknown; error?: { code: string; message: string } } {
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.value as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

async function waitForTasks(session: HostSession, ids: string[]): Promise<TaskDto[]> {
  const deadline = Date.now() + TASK_TIMEOUT_MS;
  for (;;) {
    const tasks = (await session.call(CHANNELS.tasksList)).body.value as TaskDto[];
    const ours = tasks.filter((task) => ids.includes(task.id));
    if (ours.length === ids.length && ours.every((task) => FINISHED.has(task.state))) return ours;
    if (Date.now() > deadline) throw new Error(`tasks did not finish within ${TASK_TIMEOUT_MS} ms: ${JSON.stringify(ours.map((task) => task.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('API key leak check', () => {
  let sandbox: string;
  let dataDir: string;
  let host: TestHost;
  let session: HostSession;
  const probe = new RendererProbe();
  /** Outcomes of the flow's steps, checked below so that the search runs over a flow that happened. */
  const flow = {
    zeroWidthKey: '',
    tooLongKeyRejected: false,
    wrongKeyTest: '',
    pastedKeyLookup: '',
    serverErrors: [] as string[],
    tasks: [] as TaskDto[],
    songs: 0,
    storage: '',
    keychainHeldKey: false,
  };

  before(async () => {
    sandbox = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-leak-'));
    dataDir = path.join(sandbox, 'data');
    setRootLogger(createLogger({ logDir: logDirFor(dataDir), level: 'debug' }));
    host = await startTestHost({ dataDir, libraryDir: path.join(sandbox, 'Library'), simulator: { apiKeys: [SANDBOX_HINT_KEY, KEY], pendingMs: 300, runningMs: 600 } });
    session = new HostSession(host.origin, host.token);
    await session.openEvents();
    await session.call(CHANNELS.keyRemove);

    // 1. Invalid input that carries the key, sent before the key is registered for scrubbing.
    flow.zeroWidthKey = result(await session.call(CHANNELS.keySet, `${KEY}\u200b`)).error?.code ?? 'accepted';
    flow.tooLongKeyRejected = isRejected(await session.call(CHANNELS.keySet, `${KEY}${'x'.repeat(600)}`));
    await session.call(CHANNELS.keySet, 12345);
    await session.callRaw(CHANNELS.keySet, `["${KEY}"`);
    await session.call(CHANNELS.tasksSubmit, { generationTaskId: KEY, sunoId: '../x', mode: 'vocal' });

    // 2. The key entered on the renderer's key screen, as a user would, or set over RPC without a renderer.
    if (RENDERER_PROBLEM === null) {
      const page = await probe.open(host.url);
      await page.getByTestId('key-input').fill(KEY);
      await page.getByTestId('set-key-button').click();
      await page.getByTestId('continue-button').waitFor();
      await probe.snapshot('after entering the key');
      await page.getByTestId('test-key-button').click();
      await page.getByTestId('key-test-ok').waitFor();
      await probe.snapshot('after testing the key');
    } else {
      result(await session.call(CHANNELS.keySet, KEY));
    }

    // 3. A wrong key, then the right one again.
    result(await session.call(CHANNELS.keySet, WRONG_KEY));
    flow.wrongKeyTest = result(await session.call(CHANNELS.keyTest)).error?.code ?? 'accepted';
    result(await session.call(CHANNELS.keySet, KEY));
    result(await session.call(CHANNELS.keyTest));
    result(await session.call(CHANNELS.accountBalance));

    // 4. Look songs up (one lookup with the key pasted into the wrong field) and separate in both modes.
    result(await session.call(CHANNELS.songsLookup, SEED_IDS.midnightTask));
    flow.pastedKeyLookup = result(await session.call(CHANNELS.songsLookup, KEY)).error?.code ?? 'accepted';
    const vocal = result(await session.call(CHANNELS.tasksSubmit, { generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.midnightSong, mode: 'vocal' }));
    const instrumental = result(
      await session.call(CHANNELS.tasksSubmit, { generationTaskId: SEED_IDS.midnightTask, sunoId: SEED_IDS.neonSong, mode: 'instrumental' }),
    );
    assert.ok(vocal.ok, JSON.stringify(vocal));
    assert.ok(instrumental.ok, JSON.stringify(instrumental));
    flow.tasks = await waitForTasks(session, [(vocal.value as TaskDto).id, (instrumental.value as TaskDto).id]);

    // 5. Read the library and settings back, and write the settings file.
    const songs = (await session.call(CHANNELS.libraryList, {})).body.value as { id: string }[];
    flow.songs = songs.length;
    for (const song of songs) result(await session.call(CHANNELS.libraryGet, song.id));
    await session.call(CHANNELS.librarySummary);
    await session.call(CHANNELS.settingsGet);
    result(await session.call(CHANNELS.settingsUpdate, { parallelDownloads: 3 }));
    await session.call(CHANNELS.libraryGet, '../../etc');
    await session.call(CHANNELS.tasksCancel, 'nope/../x');

    // 6. A burst of server errors, one of whose messages echoes the key back.
    host.simulator.injectFaults('balance', [
      { kind: 'status', status: 500, message: `upstream rejected x-api-key ${KEY}` },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
    ]);
    for (let i = 0; i < 3; i++) flow.serverErrors.push(result(await session.call(CHANNELS.accountBalance)).error?.code ?? 'accepted');
    host.simulator.injectFaults('TaskInfo', [{ kind: 'status', status: 500, message: `echo ${KEY}` }]);
    flow.serverErrors.push(result(await session.call(CHANNELS.songsLookup, SEED_IDS.midnightTask)).error?.code ?? 'accepted');

    // 7. Every view of the renderer once the flow is over.
    if (RENDERER_PROBLEM === null) {
      const page = await probe.open(host.url);
      for (const view of ['queue', 'library', 'settings', 'separate']) {
        await page.getByTestId(`nav-${view}`).click();
        await probe.snapshot(`${view} view`);
      }
      await page.getByTestId('nav-library').click();
      await page.getByTestId('library-row').first().click();
      await probe.snapshot('song view');
    }

    // 8. Where the key lives, then its removal.
    flow.storage = ((await session.call(CHANNELS.keyStatus)).body.value as { storage: string }).storage;
    const keytar = loadKeytarBackend();
    if (flow.storage === 'keychain' && keytar.loaded) flow.keychainHeldKey = (await keytar.backend.getPassword(KEYCHAIN_SERVICE, KEYCHAIN_ACCOUNT)) === KEY;
    result(await session.call(CHANNELS.keyRemove));
  });

  after(async () => {
    session?.closeEvents();
    await probe.close();
    await host?.close();
    await rm(sandbox, { recursive: true, force: true });
  });

  it('runs the whole flow', () => {
    assert.equal(flow.zeroWidthKey, 'invalid_argument');
    assert.equal(flow.tooLongKeyRejected, true);
    assert.equal(flow.wrongKeyTest, 'invalid_key');
    assert.equal(flow.pastedKeyLookup, 'not_found');
    assert.deepEqual(flow.serverErrors, ['server_error', 'server_error', 'server_error', 'server_error']);
    assert.deepEqual(flow.tasks.map((task) => task.state), ['done', 'done']);
    assert.deepEqual(flow.tasks.map((task) => task.mode).sort(), ['instrumental', 'vocal']);
    assert.equal(flow.songs, 2);
  });

  it('keeps the key in the keychain', () => {
    assert.equal(flow.storage, 'keychain', 'run under tools/with-keyring.sh so the keychain is usable');
    assert.equal(flow.keychainHeldKey, true);
  });

  it('writes no key to any file', async () => {
    const hits = await findInFiles([sandbox], NEEDLES);
    assert.deepEqual(hits, []);
  });

  it('logs the flow at debug level with the key scrubbed', async () => {
    const log = await readFile(path.join(logDirFor(dataDir), 'stemcrate.log'), 'utf8');
    assert.match(log, /"level":20/, 'debug lines are written');
    assert.match(log, /response rejected/, 'the rejected responses are logged');
    assert.match(log, /\[REDACTED\]/, 'the echoed key reached the log and was scrubbed');
  });

  it('sends no key in an RPC response', () => {
    const texts = new Map(session.responses.map((response, index) => [`${response.channel} #${index}`, response.text]));
    assert.ok(texts.size > 25, `${texts.size} responses were captured`);
    assert.deepEqual(findInTexts(texts, NEEDLES), []);
  });

  it('sends no key in an event', () => {
    assert.match(session.eventText, /"type":"task"/, 'task events were captured');
    assert.match(session.eventText, /"type":"key"/, 'key events were captured');
    assert.deepEqual(findInTexts(new Map([['events', session.eventText]]), NEEDLES), []);
  });

  it('shows no key in the renderer', { skip: RENDERER_PROBLEM ?? false }, () => {
    const snapshots = [...probe.captured.keys()].filter((label) => label.startsWith('DOM '));
    assert.equal(snapshots.length, 7, snapshots.join(', '));
    assert.ok([...probe.captured.keys()].some((label) => label.startsWith('response /rpc/')), 'the page\'s RPC responses were captured');
    assert.deepEqual(findInTexts(probe.captured, NEEDLES), []);
  });
});
