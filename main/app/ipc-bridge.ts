// Carries contract calls from the app window to the IPC router and router events back to the window.
// Every call passes the sender check before the router receives its arguments.
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type ChannelName } from '../../preload/contract.js';
import type { IpcRouter } from '../ipc/types.js';
import { getLogger } from '../log/logger.js';
import { checkSender, type SenderFacts, type SenderVerdict, type TrustedWindow } from './sender-check.js';

const log = getLogger('app-ipc');

/** Returns the app window, or null while none is open. */
export type WindowGetter = () => BrowserWindow | null;

function trustedWindowOf(window: BrowserWindow | null): TrustedWindow | null {
  if (!window || window.isDestroyed()) return null;
  const mainFrame = window.webContents.mainFrame;
  return {
    webContentsId: window.webContents.id,
    mainFrameProcessId: mainFrame.processId,
    mainFrameRoutingId: mainFrame.routingId,
  };
}

function senderFactsOf(event: IpcMainEvent | IpcMainInvokeEvent): SenderFacts {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frame: frame
      ? { url: frame.url, isMainFrame: frame.parent === null, processId: frame.processId, routingId: frame.routingId }
      : null,
  };
}

/** Checks the sender of an IPC message against the current app window and logs a rejection. */
export function verifySender(event: IpcMainEvent | IpcMainInvokeEvent, channel: string, getWindow: WindowGetter): SenderVerdict {
  const verdict = checkSender(senderFactsOf(event), trustedWindowOf(getWindow()));
  if (!verdict.trusted) log.warn({ channel, reason: verdict.reason }, 'IPC message rejected');
  return verdict;
}

/**
 * Registers `ipcMain.handle` for every router handler. A call from an untrusted sender is rejected
 * before its arguments are read. Returns a function that removes the handlers.
 */
export function registerIpcHandlers(router: IpcRouter, getWindow: WindowGetter): () => void {
  const channels: ChannelName[] = [];
  for (const [channel, handler] of Object.entries(router.handlers) as [ChannelName, (args: readonly unknown[]) => Promise<unknown>][]) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const verdict = verifySender(event, channel, getWindow);
      if (!verdict.trusted) throw new Error(`IPC call on ${channel} rejected: the sender is not the app page.`);
      try {
        return await handler(args);
      } catch (error) {
        // Handlers return expected failures as Result values, so anything thrown here is a bug.
        log.error({ err: error, channel }, 'IPC handler threw');
        throw error;
      }
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Sends every router event to the app window while one is open. Returns the unsubscribe function. */
export function forwardRouterEvents(router: IpcRouter, getWindow: WindowGetter): () => void {
  return router.onEvent((event) => {
    const window = getWindow();
    if (!window || window.isDestroyed()) return;
    window.webContents.send(CHANNELS.event, event);
  });
}
