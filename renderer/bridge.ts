// The renderer's only door to the main process: every call to `window.stemcrate` goes through
// here. Each call returns a `Result`, so stores handle one shape even when the IPC call itself
// throws (main process gone, preload missing).
import type { AppErrorDto, Result, StemcrateApi, StemcrateEvent } from '../preload/contract.js';

declare global {
  interface Window {
    /** Set by the preload script (Electron) or by the loopback test host. */
    stemcrate?: StemcrateApi;
  }
}

function api(): StemcrateApi {
  const stemcrate = window.stemcrate;
  if (!stemcrate) throw new Error('window.stemcrate is missing: the page was opened without the Stemcrate preload script.');
  return stemcrate;
}

/**
 * Describes a call that threw instead of returning a Result: main rejected its arguments, or the
 * main process is gone. The thrown message goes to the details view.
 */
function transportError(error: unknown): AppErrorDto {
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: 'The app’s main process did not complete the request.', detail: message };
}

/** Runs a call that returns a Result, turning a thrown error into an `internal` Result. */
async function call<T>(run: (stemcrate: StemcrateApi) => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run(api());
  } catch (error) {
    return { ok: false, error: transportError(error) };
  }
}

/** Runs a call that returns a plain value, wrapping it in a Result. */
async function read<T>(run: (stemcrate: StemcrateApi) => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await run(api()) };
  } catch (error) {
    return { ok: false, error: transportError(error) };
  }
}

export const bridge = {
  isAvailable: (): boolean => window.stemcrate !== undefined,

  key: {
    status: () => read((s) => s.key.status()),
    set: (apiKey: string) => call((s) => s.key.set(apiKey)),
    remove: () => call((s) => s.key.remove()),
    test: () => call((s) => s.key.test()),
  },
  account: {
    balance: () => call((s) => s.account.balance()),
  },
  songs: {
    lookup: (generationTaskId: string) => call((s) => s.songs.lookup(generationTaskId)),
  },
  tasks: {
    list: () => read((s) => s.tasks.list()),
    submit: (...args: Parameters<StemcrateApi['tasks']['submit']>) => call((s) => s.tasks.submit(...args)),
    cancel: (id: string) => call((s) => s.tasks.cancel(id)),
    retry: (id: string, confirm: boolean) => call((s) => s.tasks.retry(id, confirm)),
    remove: (id: string) => call((s) => s.tasks.remove(id)),
  },
  library: {
    list: (...args: Parameters<StemcrateApi['library']['list']>) => read((s) => s.library.list(...args)),
    get: (songId: string) => call((s) => s.library.get(songId)),
    summary: () => read((s) => s.library.summary()),
    update: (...args: Parameters<StemcrateApi['library']['update']>) => call((s) => s.library.update(...args)),
    trash: (songId: string) => call((s) => s.library.trash(songId)),
    reveal: (songId: string) => call((s) => s.library.reveal(songId)),
    peaks: (stemId: string) => call((s) => s.library.peaks(stemId)),
    /** Main opens the OS folder picker itself, so no path is ever sent from the page. */
    chooseFolderAndMove: () => call((s) => s.library.chooseFolderAndMove()),
    /** Must run synchronously inside the `dragstart` handler, or the OS drag does not start. */
    startDrag: (stemIds: string[]): void => {
      try {
        api().library.startDrag(stemIds);
      } catch (error) {
        console.warn('Starting the drag of stems failed', stemIds, error);
      }
    },
  },
  settings: {
    get: () => read((s) => s.settings.get()),
    update: (...args: Parameters<StemcrateApi['settings']['update']>) => call((s) => s.settings.update(...args)),
    previewNaming: (template: string) => call((s) => s.settings.previewNaming(template)),
  },
  notices: {
    list: () => read((s) => s.notices.list()),
    dismiss: (id: string) => call((s) => s.notices.dismiss(id)),
  },

  /** Subscribes to events from main and returns an unsubscribe function, which is a no-op without a bridge. */
  onEvent: (listener: (event: StemcrateEvent) => void): (() => void) => {
    const stemcrate = window.stemcrate;
    if (!stemcrate) return () => undefined;
    return stemcrate.onEvent(listener);
  },
};
