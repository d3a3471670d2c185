// The browser-side `window.stemcrate` of the loopback host: the same StemcrateApi the Electron
// preload exposes, carried over same-origin HTTP (calls) and server-sent events (events).
// Built by tools/build.mjs into dist/host/bridge.js and injected before the renderer's script.
import { CHANNELS, type ChannelName, type StemcrateApi, type StemcrateEvent } from '../../../preload/contract.js';

async function call<T>(channel: ChannelName, ...args: unknown[]): Promise<T> {
  const response = await fetch(`/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
    credentials: 'same-origin',
  });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: string };
  if (!body.ok) throw new Error(body.error ?? `Call ${channel} failed with HTTP ${response.status}`);
  return body.value as T;
}

const listeners = new Set<(event: StemcrateEvent) => void>();
let source: EventSource | null = null;

function ensureEventSource(): void {
  if (source) return;
  source = new EventSource('/events');
  source.onmessage = (message) => {
    const event = JSON.parse(message.data as string) as StemcrateEvent;
    for (const listener of listeners) listener(event);
  };
}

const api: StemcrateApi = {
  key: {
    status: () => call(CHANNELS.keyStatus),
    set: (apiKey) => call(CHANNELS.keySet, apiKey),
    remove: () => call(CHANNELS.keyRemove),
    test: () => call(CHANNELS.keyTest),
  },
  account: { balance: () => call(CHANNELS.accountBalance) },
  songs: { lookup: (id) => call(CHANNELS.songsLookup, id) },
  tasks: {
    list: () => call(CHANNELS.tasksList),
    submit: (request) => call(CHANNELS.tasksSubmit, request),
    cancel: (id) => call(CHANNELS.tasksCancel, id),
    retry: (id, confirm) => call(CHANNELS.tasksRetry, id, confirm),
    remove: (id) => call(CHANNELS.tasksRemove, id),
  },
  library: {
    list: (query) => call(CHANNELS.libraryList, query),
    get: (songId) => call(CHANNELS.libraryGet, songId),
    summary: () => call(CHANNELS.librarySummary),
    update: (songId, update) => call(CHANNELS.libraryUpdate, songId, update),
    trash: (songId) => call(CHANNELS.libraryTrash, songId),
    reveal: (songId) => call(CHANNELS.libraryReveal, songId),
    peaks: (stemId) => call(CHANNELS.libraryPeaks, stemId),
    chooseFolderAndMove: () => call(CHANNELS.libraryMove),
    startDrag: (stemIds) => {
      // The browser has no OS drag of files; the host records the request so tests can check it.
      void call(CHANNELS.libraryStartDrag, stemIds).catch((error: unknown) => console.warn('drag request failed', error));
    },
  },
  settings: {
    get: () => call(CHANNELS.settingsGet),
    update: (update) => call(CHANNELS.settingsUpdate, update),
    previewNaming: (template) => call(CHANNELS.settingsPreviewNaming, template),
  },
  notices: {
    list: () => call(CHANNELS.noticesList),
    dismiss: (id) => call(CHANNELS.noticesDismiss, id),
  },
  onEvent(listener) {
    listeners.add(listener);
    ensureEventSource();
    return () => {
      listeners.delete(listener);
    };
  },
};

Object.defineProperty(window, 'stemcrate', { value: Object.freeze(api), writable: false, configurable: false });
