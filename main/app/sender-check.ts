// The trust check every IPC message passes before any work starts: it must come from the main frame
// of the app's own window, showing the app page.
import { isAppPageUrl } from './app-url.js';

/** Facts Electron reports about the frame that sent an IPC message. */
export interface SenderFacts {
  /** `event.sender.id`: the web contents that sent the message. */
  webContentsId: number;
  /** `event.senderFrame`, or null when the frame has navigated away or been destroyed. */
  frame: {
    url: string;
    /** True when the frame has no parent. */
    isMainFrame: boolean;
    processId: number;
    routingId: number;
  } | null;
}

/** The app window that may call IPC, identified by its web contents and main frame. */
export interface TrustedWindow {
  webContentsId: number;
  mainFrameProcessId: number;
  mainFrameRoutingId: number;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

/** Checks an IPC sender against the trusted window. The reason is for the log, never for the renderer. */
export function checkSender(sender: SenderFacts, trusted: TrustedWindow | null): SenderVerdict {
  if (!trusted) return { trusted: false, reason: 'no app window is open' };
  if (sender.webContentsId !== trusted.webContentsId) {
    return { trusted: false, reason: `sender web contents ${sender.webContentsId} is not the app window` };
  }

  const frame = sender.frame;
  if (!frame) return { trusted: false, reason: 'the sending frame is gone' };
  if (!frame.isMainFrame) return { trusted: false, reason: 'the sender is a subframe' };
  if (frame.processId !== trusted.mainFrameProcessId || frame.routingId !== trusted.mainFrameRoutingId) {
    return { trusted: false, reason: 'the sender is not the main frame of the app window' };
  }
  if (!isAppPageUrl(frame.url)) {
    // The URL may come from a page that navigated away, so it is logged without its query.
    return { trusted: false, reason: `the sender shows ${frame.url.split(/[?#]/)[0]}, not the app page` };
  }
  return { trusted: true };
}
