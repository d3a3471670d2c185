// Entry point of the Electron main process: hardens the sessions, starts the core, serves the app
// schemes, wires IPC, and opens the window. Every decision lives in a pure module next to this file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron';
import { createCore, type Core } from '../core.js';
import { AppError } from '../errors.js';
import { createIpcRouter } from '../ipc/router.js';
import { createLogger, getLogger, logDirFor, setRootLogger } from '../log/logger.js';
import { CoverCache } from '../media/cover-cache.js';
import { PeaksCache } from '../media/peaks.js';
import { bundlePathsFor } from './bundle-paths.js';
import { registerDragHandler } from './drag.js';
import { forwardRouterEvents, registerIpcHandlers } from './ipc-bridge.js';
import { readLaunchOptions, type LaunchOptions } from './launch-options.js';
import { MEDIA_BASE_URL } from './media-url.js';
import { connectTaskActivity } from './notifications.js';
import { handleAppProtocols, registerPrivilegedSchemes } from './protocols.js';
import { applySessionPolicy, hardenWebContents } from './web-contents-policy.js';
import { createMainWindow } from './window.js';

const log = getLogger('app');

const APP_USER_MODEL_ID = 'app.stemcrate.desktop';
/** Maximum time in ms that quitting waits for the core to stop (tasks saved, downloads paused). */
const STOP_TIMEOUT_MS = 5_000;

const bundlePaths = bundlePathsFor(path.dirname(fileURLToPath(import.meta.url)));
let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;

function currentWindow(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

function openMainWindow(): void {
  const window = createMainWindow(bundlePaths, !app.isPackaged);
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

/** Opens a folder in the OS file manager. shell.openPath returns a failure as a message instead of throwing. */
/** Asks for an empty folder to move the library into; the path never passes through the page. */
async function pickLibraryFolder(): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    title: 'Move the Stemcrate library',
    buttonLabel: 'Move library here',
    properties: ['openDirectory', 'createDirectory'],
  };
  const window = BrowserWindow.getFocusedWindow();
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function openFolder(folder: string): Promise<void> {
  const problem = await shell.openPath(folder);
  if (problem) throw new AppError('storage', `Could not open the folder ${folder}: ${problem}. Check that it exists and that you may read it.`);
}

function failStartup(message: string, error: unknown): void {
  log.fatal({ err: error }, message);
  dialog.showErrorBox('Stemcrate cannot start', `${message}\n\n${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
}

async function start(launch: LaunchOptions): Promise<void> {
  await app.whenReady();

  // 1. Logging into the data folder, then the core.
  const dataDir = app.getPath('userData');
  setRootLogger(createLogger({ logDir: logDirFor(dataDir), level: process.env.STEMCRATE_LOG_LEVEL === 'debug' ? 'debug' : 'info' }));
  const overrides = {
    ...(launch.apiBase ? { apiBase: launch.apiBase } : {}),
    ...(launch.libraryDir ? { libraryDir: launch.libraryDir } : {}),
  };
  core = await createCore({
    dataDir,
    defaultLibraryDir: path.join(app.getPath('music'), 'Stemcrate'),
    overrides,
    safeStorage,
    trashItem: (file) => shell.trashItem(file),
    sandbox: launch.sandbox,
    // The sandbox's key lives under its own keychain entry, so trying the app never replaces a real key.
    ...(launch.sandbox ? { keychainService: 'Stemcrate Sandbox' } : {}),
    ...(launch.sandbox && process.env.STEMCRATE_SANDBOX_KEY ? { sandboxKeyHint: process.env.STEMCRATE_SANDBOX_KEY } : {}),
  });
  const settings = core.settings;
  const router = createIpcRouter(core, {
    mediaBaseUrl: MEDIA_BASE_URL,
    coverCache: new CoverCache(dataDir, () => settings.get().apiBase),
    peaksCache: new PeaksCache(dataDir),
    revealFolder: openFolder,
    pickFolder: pickLibraryFolder,
  });

  // 2. Session policy and the app's schemes, before any page loads.
  applySessionPolicy(session.defaultSession);
  handleAppProtocols(session.defaultSession, {
    rendererDir: bundlePaths.rendererDir,
    resolveMedia: (mediaPath) => router.resolveMedia(mediaPath),
  });

  // 3. IPC, drag, events and OS-level task activity, all bound to whichever window is current.
  registerIpcHandlers(router, currentWindow);
  registerDragHandler(router, currentWindow);
  forwardRouterEvents(router, currentWindow);
  connectTaskActivity(router, currentWindow);

  // 4. The window.
  openMainWindow();
  app.on('activate', () => {
    if (!currentWindow()) openMainWindow();
  });
  log.info({ dataDir, sandbox: launch.sandbox }, 'app started');
}

function stopCoreThenQuit(): void {
  const running = core;
  core = null;
  if (!running) {
    app.quit();
    return;
  }
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
  Promise.race([running.stop(), timeout])
    .catch((error: unknown) => log.error({ err: error }, 'stopping the core failed'))
    .finally(() => app.quit());
}

function main(): void {
  let launch: LaunchOptions;
  try {
    launch = readLaunchOptions(process.env);
  } catch (error) {
    // dialog.showErrorBox may be called before the ready event, unlike the rest of dialog.
    failStartup('The launch environment is invalid.', error);
    return;
  }
  if (launch.dataDir) app.setPath('userData', launch.dataDir);

  // Both must happen before the ready event.
  registerPrivilegedSchemes();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay open without windows, so tasks keep polling and downloading in the background.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    stopCoreThenQuit();
  });

  start(launch).catch((error: unknown) => failStartup('Starting the app failed.', error));
}

main();
