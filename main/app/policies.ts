// Navigation, new-window, external-link and permission decisions for every web contents of the app.
// Each is a pure function, so the Electron wiring only forwards events to it.
import { isAppPageUrl } from './app-url.js';

/** Hosts whose https pages may open in the OS browser: crun.ai, its documentation and its API. */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['crun.ai', 'docs.crun.ai', 'api.crun.ai'];

/**
 * True when `url` may be passed to `shell.openExternal`: https, a host on EXTERNAL_LINK_HOSTS
 * (exact match, so `crun.ai.example.com` fails), the default port and no credentials.
 * Every other scheme (http, file, javascript, custom protocols) is rejected.
 */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  );
}

/**
 * True when a web contents may navigate (or be redirected) to `url`. Only the app page itself is
 * allowed, so no remote or local content can replace it while it has the preload API.
 */
export function isNavigationAllowed(url: string): boolean {
  return isAppPageUrl(url);
}

export interface WindowOpenDecision {
  /** Electron's `setWindowOpenHandler` result: the app never opens a window of its own. */
  action: 'deny';
  /** The URL to open in the OS browser, or null when the link is not on the allow-list. */
  openExternally: string | null;
}

/** Decides a `window.open` or `target=_blank` request: always denied, allowed links go to the OS browser. */
export function decideWindowOpen(url: string): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) ? url : null };
}

/**
 * Decides a permission request or check from any page. Always false: the app needs no camera,
 * microphone, notifications from the page, clipboard read, MIDI, HID, serial or any other
 * web permission. Desktop notifications come from the main process, which needs no permission.
 * Audio playback and clipboard writes from a user gesture need no permission either.
 */
export function decidePermission(_permission: string, _requestingUrl: string): boolean {
  return false;
}
