// The seam between the IPC contract and its transports. `createIpcRouter` (main/ipc/router.ts)
// validates each call's arguments and runs the service; the Electron shell (ipcMain) and the
// loopback test host (HTTP) only carry calls and events.
import type { ChannelName, StemcrateEvent } from '../../preload/contract.js';

/** Runs one contract method. `args` arrive untrusted and are validated before any work starts. */
export type ChannelHandler = (args: readonly unknown[]) => Promise<unknown>;

export interface IpcRouter {
  /** Every invoke-style channel (all of CHANNELS except `event` and `library:start-drag`). */
  handlers: Partial<Record<ChannelName, ChannelHandler>>;
  /**
   * Validates a drag request and returns the real paths of the stored stem files, each resolved
   * inside the library. Throws AppError `invalid_argument` for anything else.
   */
  resolveDragFiles(args: readonly unknown[]): Promise<string[]>;
  /** Resolves a media request path (`stem/<songId>/<file>` or `cover/<songId>`) to a real file inside the library. */
  resolveMedia(mediaPath: string): Promise<string>;
  /** Subscribes to events for the renderer; returns an unsubscribe function. */
  onEvent(listener: (event: StemcrateEvent) => void): () => void;
}
