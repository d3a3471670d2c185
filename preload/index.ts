// The sandboxed preload: exposes `window.stemcrate` (StemcrateApi) with one IPC channel per method.
// It exposes no generic invoke or send, so the page can reach only the channels listed here.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type StemcrateApi, type StemcrateEvent } from './contract.js';

const api: StemcrateApi = {
  key: {
    status: () => ipcRenderer.invoke(CHANNELS.keyStatus),
    set: (apiKey) => ipcRenderer.invoke(CHANNELS.keySet, apiKey),
    remove: () => ipcRenderer.invoke(CHANNELS.keyRemove),
    test: () => ipcRenderer.invoke(CHANNELS.keyTest),
  },
  account: {
    balance: () => ipcRenderer.invoke(CHANNELS.accountBalance),
  },
  songs: {
    lookup: (generationTaskId) => ipcRenderer.invoke(CHANNELS.songsLookup, generationTaskId),
  },
  tasks: {
    list: () => ipcRenderer.invoke(CHANNELS.tasksList),
    submit: (request) => ipcRenderer.invoke(CHANNELS.tasksSubmit, request),
    cancel: (id) => ipcRenderer.invoke(CHANNELS.tasksCancel, id),
    retry: (id, confirm) => ipcRenderer.invoke(CHANNELS.tasksRetry, id, confirm),
    remove: (id) => ipcRenderer.invoke(CHANNELS.tasksRemove, id),
  },
  library: {
    list: (query) => ipcRenderer.invoke(CHANNELS.libraryList, query),
    get: (songId) => ipcRenderer.invoke(CHANNELS.libraryGet, songId),
    summary: () => ipcRenderer.invoke(CHANNELS.librarySummary),
    update: (songId, update) => ipcRenderer.invoke(CHANNELS.libraryUpdate, songId, update),
    trash: (songId) => ipcRenderer.invoke(CHANNELS.libraryTrash, songId),
    reveal: (songId) => ipcRenderer.invoke(CHANNELS.libraryReveal, songId),
    peaks: (stemId) => ipcRenderer.invoke(CHANNELS.libraryPeaks, stemId),
    chooseFolderAndMove: () => ipcRenderer.invoke(CHANNELS.libraryMove),
    startDrag: (stemIds) => {
      ipcRenderer.send(CHANNELS.libraryStartDrag, stemIds);
    },
  },
  settings: {
    get: () => ipcRenderer.invoke(CHANNELS.settingsGet),
    update: (update) => ipcRenderer.invoke(CHANNELS.settingsUpdate, update),
    previewNaming: (template) => ipcRenderer.invoke(CHANNELS.settingsPreviewNaming, template),
  },
  notices: {
    list: () => ipcRenderer.invoke(CHANNELS.noticesList),
    dismiss: (id) => ipcRenderer.invoke(CHANNELS.noticesDismiss, id),
  },
  onEvent: (listener) => {
    // The page gets only the event payload, never the IpcRendererEvent, whose `sender` would hand
    // it ipcRenderer itself.
    const forward = (_event: IpcRendererEvent, event: StemcrateEvent): void => listener(event);
    ipcRenderer.on(CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(CHANNELS.event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('stemcrate', api);
