// Creates the app's main window and loads the app page into it.
import { BrowserWindow } from 'electron';
import { getLogger } from '../log/logger.js';
import { APP_ENTRY_URL } from './app-url.js';
import type { BundlePaths } from './bundle-paths.js';
import { createMainWindowOptions } from './web-preferences.js';

const log = getLogger('app-window');

/**
 * Creates the main window with the hardened preferences, shows it after its first paint, and loads
 * `app://stemcrate/index.html`. Navigation and new-window policies come from `web-contents-created`.
 */
export function createMainWindow(paths: BundlePaths, allowDevTools: boolean): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions(paths.preload, allowDevTools));
  window.once('ready-to-show', () => window.show());

  window.webContents.on('render-process-gone', (_event, details) => {
    log.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer process gone');
  });
  window.webContents.on('preload-error', (_event, preloadPath, error) => {
    log.error({ err: error, preloadPath }, 'preload script failed');
  });

  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log.error({ err: error, url: APP_ENTRY_URL }, 'loading the app page failed');
  });
  return window;
}
