// Starts an OS drag of stored stem files when the app page requests one (`library:start-drag`).
import { ipcMain, nativeImage, type IpcMainEvent, type NativeImage } from 'electron';
import { CHANNELS } from '../../preload/contract.js';
import type { IpcRouter } from '../ipc/types.js';
import { getLogger } from '../log/logger.js';
import { createIconPng, DRAG_ICON_SIZE } from './icon.js';
import { verifySender, type WindowGetter } from './ipc-bridge.js';

const log = getLogger('app-drag');

function createDragIcon(): NativeImage {
  // macOS rejects startDrag with an empty image, so the icon is drawn rather than loaded from disk.
  return nativeImage.createFromBuffer(createIconPng(DRAG_ICON_SIZE));
}

/**
 * Listens on `library:start-drag` (fire-and-forget, so the renderer's dragstart handler returns at
 * once). The router validates the stem ids and resolves them to real files inside the library.
 * Returns a function that removes the listener.
 */
export function registerDragHandler(router: IpcRouter, getWindow: WindowGetter): () => void {
  const icon = createDragIcon();

  const listener = (event: IpcMainEvent, ...args: unknown[]): void => {
    if (!verifySender(event, CHANNELS.libraryStartDrag, getWindow).trusted) return;

    // NOTE: startDrag runs after one await (path resolution in the library). The OS drag session
    // is still open then because the pointer is down, but this path has not run in a real window.
    router
      .resolveDragFiles(args)
      .then((files) => {
        const [first] = files;
        if (first === undefined || event.sender.isDestroyed()) return;
        event.sender.startDrag({ file: first, files, icon });
      })
      .catch((error: unknown) => {
        log.warn({ err: error }, 'drag of stems rejected');
      });
  };

  ipcMain.on(CHANNELS.libraryStartDrag, listener);
  return () => {
    ipcMain.removeListener(CHANNELS.libraryStartDrag, listener);
  };
}
