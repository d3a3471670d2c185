// Applies the navigation, new-window and webview policies to a web contents and the permission,
// download and CSP policies to a session.
import { shell, type Session, type WebContents } from 'electron';
import { getLogger } from '../log/logger.js';
import { withContentSecurityPolicy } from './csp.js';
import { decidePermission, decideWindowOpen, isNavigationAllowed } from './policies.js';

const log = getLogger('app-policy');

/**
 * Locks down one web contents: navigations and redirects away from the app page are prevented,
 * `window.open` is denied (allowed https links open in the OS browser), and webviews never attach.
 * The shell calls it from `web-contents-created`, so it covers every web contents the app creates.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log.warn({ url: event.url }, 'navigation prevented');
  });

  contents.on('will-redirect', (event) => {
    if (isNavigationAllowed(event.url)) return;
    event.preventDefault();
    log.warn({ url: event.url }, 'redirect prevented');
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview attachment prevented');
  });

  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) {
      shell.openExternal(decision.openExternally).catch((error: unknown) => {
        log.error({ err: error, url: decision.openExternally }, 'opening a link in the OS browser failed');
      });
    } else {
      log.warn({ url }, 'new window denied because the link is not on the external allow-list');
    }
    return { action: decision.action };
  });
}

/** Sets the CSP on every response and denies every permission request and check and every download. */
export function applySessionPolicy(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = decidePermission(permission, details.requestingUrl);
    if (!granted) log.info({ permission, url: details.requestingUrl }, 'permission request denied');
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermission(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);

  // The app downloads stems in the main process, so a page has no reason to start a download.
  session.on('will-download', (event, item) => {
    event.preventDefault();
    log.warn({ url: item.getURL() }, 'download from a page prevented');
  });
}
