// Bundles preload/index.ts the way the build does (esbuild, CommonJS, electron external) and runs the
// bundle in a VM context with a recording stand-in for Electron's contextBridge and ipcRenderer,
// because the Electron binary is not available to tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import vm from 'node:vm';
import { build } from 'esbuild';
import { CHANNELS, type StemcrateApi, type StemcrateEvent } from '../../preload/contract.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

interface Recording {
  invoked: { channel: string; args: unknown[] }[];
  sent: { channel: string; args: unknown[] }[];
  listeners: Map<string, Listener[]>;
  exposed: Map<string, unknown>;
  required: string[];
}

async function bundlePreload(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('../../preload/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  assert.ok(output, 'esbuild produced no output');
  return output.text;
}

async function loadPreload(): Promise<{ api: StemcrateApi; recording: Recording; code: string }> {
  const code = await bundlePreload();
  const recording: Recording = { invoked: [], sent: [], listeners: new Map(), exposed: new Map(), required: [] };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => recording.exposed.set(key, value),
    },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        recording.invoked.push({ channel, args });
        return Promise.resolve({ channel });
      },
      send: (channel: string, ...args: unknown[]) => {
        recording.sent.push({ channel, args });
      },
      on: (channel: string, listener: Listener) => {
        recording.listeners.set(channel, [...(recording.listeners.get(channel) ?? []), listener]);
      },
      removeListener: (channel: string, listener: Listener) => {
        recording.listeners.set(channel, (recording.listeners.get(channel) ?? []).filter((entry) => entry !== listener));
      },
    },
  };
  const module = { exports: {} };
  const require = (name: string): unknown => {
    recording.required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`the preload bundle requires ${name}; a sandboxed preload may require only electron`);
  };
  vm.runInNewContext(code, { module, exports: module.exports, require });
  const api = recording.exposed.get('stemcrate') as StemcrateApi | undefined;
  assert.ok(api, 'the preload did not expose window.stemcrate');
  return { api, recording, code };
}

// Method → channel and sample arguments. Every invoke channel of the contract must appear once.
const CALLS: ReadonlyArray<[string, (api: StemcrateApi) => unknown, string, unknown[]]> = [
  ['key.status', (api) => api.key.status(), CHANNELS.keyStatus, []],
  ['key.set', (api) => api.key.set('sk-123456'), CHANNELS.keySet, ['sk-123456']],
  ['key.remove', (api) => api.key.remove(), CHANNELS.keyRemove, []],
  ['key.test', (api) => api.key.test(), CHANNELS.keyTest, []],
  ['account.balance', (api) => api.account.balance(), CHANNELS.accountBalance, []],
  ['songs.lookup', (api) => api.songs.lookup('gen-1'), CHANNELS.songsLookup, ['gen-1']],
  ['tasks.list', (api) => api.tasks.list(), CHANNELS.tasksList, []],
  [
    'tasks.submit',
    (api) => api.tasks.submit({ generationTaskId: 'gen-1', sunoId: 's-1', mode: 'vocal' }),
    CHANNELS.tasksSubmit,
    [{ generationTaskId: 'gen-1', sunoId: 's-1', mode: 'vocal' }],
  ],
  ['tasks.cancel', (api) => api.tasks.cancel('t-1'), CHANNELS.tasksCancel, ['t-1']],
  ['tasks.retry', (api) => api.tasks.retry('t-1', true), CHANNELS.tasksRetry, ['t-1', true]],
  ['tasks.remove', (api) => api.tasks.remove('t-1'), CHANNELS.tasksRemove, ['t-1']],
  ['library.list', (api) => api.library.list({ text: 'x' }), CHANNELS.libraryList, [{ text: 'x' }]],
  ['library.get', (api) => api.library.get('song-1'), CHANNELS.libraryGet, ['song-1']],
  ['library.summary', (api) => api.library.summary(), CHANNELS.librarySummary, []],
  ['library.update', (api) => api.library.update('song-1', { favourite: true }), CHANNELS.libraryUpdate, ['song-1', { favourite: true }]],
  ['library.trash', (api) => api.library.trash('song-1'), CHANNELS.libraryTrash, ['song-1']],
  ['library.reveal', (api) => api.library.reveal('song-1'), CHANNELS.libraryReveal, ['song-1']],
  ['library.peaks', (api) => api.library.peaks('song-1/Vocals.mp3'), CHANNELS.libraryPeaks, ['song-1/Vocals.mp3']],
  ['library.chooseFolderAndMove', (api) => api.library.chooseFolderAndMove(), CHANNELS.libraryMove, []],
  ['settings.get', (api) => api.settings.get(), CHANNELS.settingsGet, []],
  ['settings.update', (api) => api.settings.update({ pollIntervalSeconds: 30 }), CHANNELS.settingsUpdate, [{ pollIntervalSeconds: 30 }]],
  ['settings.previewNaming', (api) => api.settings.previewNaming('{title} - {stem}'), CHANNELS.settingsPreviewNaming, ['{title} - {stem}']],
  ['notices.list', (api) => api.notices.list(), CHANNELS.noticesList, []],
  ['notices.dismiss', (api) => api.notices.dismiss('task-store-moved-aside'), CHANNELS.noticesDismiss, ['task-store-moved-aside']],
];

for (const [method, call, channel, args] of CALLS) {
  test(`preload ${method} invokes ${channel}`, async () => {
    const { api, recording } = await loadPreload();
    await call(api);
    assert.deepEqual(recording.invoked, [{ channel, args }]);
  });
}

test('preload covers every invoke channel', () => {
  const notInvoked = new Set<string>([CHANNELS.event, CHANNELS.libraryStartDrag]);
  const expected = Object.values(CHANNELS).filter((channel) => !notInvoked.has(channel)).sort();
  assert.deepEqual(CALLS.map(([, , channel]) => channel).sort(), expected);
});

test('preload startDrag sends without waiting', async () => {
  const { api, recording } = await loadPreload();
  const result = api.library.startDrag(['song-1/Vocals.mp3']);
  assert.equal(result, undefined);
  assert.deepEqual(recording.sent, [{ channel: CHANNELS.libraryStartDrag, args: [['song-1/Vocals.mp3']] }]);
  assert.deepEqual(recording.invoked, []);
});

test('preload onEvent passes only the payload', async () => {
  const { api, recording } = await loadPreload();
  const received: unknown[][] = [];
  api.onEvent((...args: unknown[]) => received.push(args));
  const event: StemcrateEvent = { type: 'task-removed', id: 't-1' };
  const fakeIpcEvent = { sender: 'ipcRenderer must not leak' };
  for (const listener of recording.listeners.get(CHANNELS.event) ?? []) listener(fakeIpcEvent, event);
  assert.deepEqual(received, [[event]]);
});

test('preload unsubscribe removes one listener', async () => {
  const { api, recording } = await loadPreload();
  const first: StemcrateEvent[] = [];
  const second: StemcrateEvent[] = [];
  const unsubscribeFirst = api.onEvent((event) => first.push(event));
  api.onEvent((event) => second.push(event));
  unsubscribeFirst();
  unsubscribeFirst();
  const event: StemcrateEvent = { type: 'task-removed', id: 't-2' };
  for (const listener of recording.listeners.get(CHANNELS.event) ?? []) listener({}, event);
  assert.deepEqual(first, []);
  assert.deepEqual(second, [event]);
  assert.equal(recording.listeners.get(CHANNELS.event)?.length, 1);
});

test('preload exposes only the contract', async () => {
  const { api, recording } = await loadPreload();
  assert.deepEqual([...recording.exposed.keys()], ['stemcrate']);
  assert.deepEqual(Object.keys(api).sort(), ['account', 'key', 'library', 'notices', 'onEvent', 'settings', 'songs', 'tasks']);
  const namespaces = api as unknown as Record<string, Record<string, unknown>>;
  const methods = Object.entries(namespaces)
    .filter(([, value]) => typeof value === 'object')
    .flatMap(([name, value]) => Object.keys(value).map((method) => `${name}.${method}`));
  const contractMethods = [...CALLS.map(([method]) => method), 'library.startDrag'];
  assert.deepEqual(methods.sort(), contractMethods.sort());
});

test('preload bundle requires only electron', async () => {
  const { recording, code } = await loadPreload();
  assert.deepEqual([...new Set(recording.required)], ['electron']);
  assert.doesNotMatch(code, /require\(["'](?!electron["'])[^"']+["']\)/);
});
