// The BrowserWindow options of the main window, with every renderer-hardening preference spelled out
// even where it equals Electron's default, so a later default change cannot weaken the window.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Window background shown before the renderer paints. It matches the renderer's dark theme. */
export const WINDOW_BACKGROUND_COLOR = '#121417';

/**
 * Builds the web preferences for a window that loads only the app page.
 * `preloadPath` is the bundled CommonJS preload (a sandboxed preload cannot load ES modules).
 * `allowDevTools` is false in packaged builds.
 */
export function createWebPreferences(preloadPath: string, allowDevTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // A file dropped on the window would otherwise replace the app page with that file.
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Turns off middle-click (auxclick) events, which would open links in new windows. The
    // window-open handler denies those too, and the renderer has no use for them.
    disableBlinkFeatures: 'Auxclick',
    enableWebSQL: false,
    devTools: allowDevTools,
  };
}

/** Builds the options of the main window. It stays hidden until its first paint (`ready-to-show`). */
export function createMainWindowOptions(preloadPath: string, allowDevTools: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: WINDOW_BACKGROUND_COLOR,
    title: 'Stemcrate',
    webPreferences: createWebPreferences(preloadPath, allowDevTools),
  };
}
