// createCore: builds every main-process service from plain options. The Electron shell, the CLI,
// the loopback test host and the tests all start the app through this one function.
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { KeyStatusDto, StemcrateEvent } from '../preload/contract.js';
import { createCrunClient } from './api/client.js';
import { RateLimiter, type RateLimiterOptions } from './api/rate-limiter.js';
import type { CrunClient } from './api/types.js';
import { createDownloader, type ConfigurableDownloader } from './downloads/downloader.js';

import { createLibrary } from './library/library.js';
import type { Library } from './library/types.js';
import { getLogger } from './log/logger.js';
import { fetchSongCover } from './media/song-cover.js';
import { Notices, taskStoreNotice } from './notices.js';
import { checkDownloadUrl } from './util/url-policy.js';
import { createSecretStore, type SafeStorageLike } from './secrets/create-secret-store.js';
import type { SecretStore } from './secrets/types.js';
import { openSettings, type Settings, type SettingsStore } from './settings/settings.js';
import { TaskEngine } from './tasks/engine.js';
import { DEFAULT_POLL_PLAN } from './tasks/poll-plan.js';
import { systemClock, type Clock } from './util/clock.js';
import { lockDataFolder } from './util/data-folder-lock.js';

const log = getLogger('core');

export interface CoreOptions {
  /** The app's own data folder (settings, task state, logs, caches). */
  dataDir: string;
  /** Library folder used when the settings name none. */
  defaultLibraryDir: string;
  /** Settings that win over stored ones for this run (CLI flags, the sandbox). */
  overrides?: Partial<Settings>;
  /** Environment read for `CRUN_API_KEY`; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  safeStorage?: SafeStorageLike;
  trashItem?: (file: string) => Promise<void>;
  clock?: Clock;
  /** True when the app talks to the local simulator. */
  sandbox?: boolean;
  /** Keychain service name; the sandbox uses its own so it never replaces the real key. */
  keychainService?: string;
  /** The key the local simulator accepts, shown on the key screen in the sandbox only. */
  sandboxKeyHint?: string;
  /** Time allowed for one API request, ms; default the client's 30 s. */
  requestTimeoutMs?: number;
  /** Builds each API key's rate limiter; tests pass one that counts its grants. */
  createRateLimiter?: (options: RateLimiterOptions) => RateLimiter;
  /** Kind of process that runs the core, named in the error another process gets for the same data folder. */
  role?: string;
}

export interface Core {
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly client: CrunClient;
  readonly library: Library;
  readonly downloader: ConfigurableDownloader;
  readonly engine: TaskEngine;
  /** Problems found at start or later that belong to no task or song. */
  readonly notices: Notices;
  readonly sandbox: boolean;
  readonly dataDir: string;
  onEvent(listener: (event: StemcrateEvent) => void): () => void;
  emit(event: StemcrateEvent): void;
  keyStatus(): Promise<KeyStatusDto>;
  setKey(apiKey: string): Promise<KeyStatusDto>;
  removeKey(): Promise<KeyStatusDto>;
  stop(): Promise<void>;
}

/** Builds and starts the services: scans the library and resumes every unfinished task. */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataFolder(options.dataDir, options.role ?? 'app', clock.now());
  try {
    return await startCore(options, clock, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startCore(options: CoreOptions, clock: Clock, releaseLock: () => void): Promise<Core> {
  const events = new EventEmitter();
  events.setMaxListeners(50);
  const emit = (event: StemcrateEvent): void => {
    events.emit('event', event);
  };

  const settings = openSettings({
    dataDir: options.dataDir,
    defaultLibraryDir: options.defaultLibraryDir,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const secrets = await createSecretStore({
    dataDir: options.dataDir,
    env: options.env ?? process.env,
    ...(options.keychainService ? { keychainService: options.keychainService } : {}),
    ...(options.safeStorage ? { safeStorage: options.safeStorage } : {}),
  });

  const getKey = (): Promise<string | null> => secrets.getKey();
  // Fingerprints of keys the API rejected; the client sends nothing with them until a key is set.
  const rejectedKeys = new Set<string>();
  const client = createCrunClient({
    apiBase: settings.get().apiBase,
    getKey,
    clock,
    limiterFor: keyLimiters(settings, clock, options.createRateLimiter ?? ((limiterOptions) => new RateLimiter(limiterOptions))),
    rejectedKeys,
    ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
  });

  const current = settings.get();
  const library = await createLibrary({
    root: current.libraryDir,
    // The index of manifests in the data folder makes a start read only changed song folders.
    dataDir: options.dataDir,
    namingTemplate: current.namingTemplate,
    clock,
    ...(options.trashItem ? { trashItem: options.trashItem } : {}),
  });
  // Stem and cover links from the API may not point at other services on this machine or network.
  const downloader = createDownloader({
    maxParallel: current.parallelDownloads,
    clock,
    checkUrl: (url) => void checkDownloadUrl(url.href, settings.get().apiBase),
  });

  const keyStatus = async (): Promise<KeyStatusDto> => {
    const status = await secrets.status();
    return {
      isSet: status.isSet,
      storage: status.storage,
      sandbox: options.sandbox ?? false,
      ...(status.problem ? { keychainProblem: status.problem } : {}),
      ...(options.sandbox && options.sandboxKeyHint ? { sandboxKeyHint: options.sandboxKeyHint } : {}),
    };
  };

  const engine = new TaskEngine({
    dataDir: options.dataDir,
    client,
    library,
    downloader,
    clock,
    emit,
    onKeyRejected: () => {
      void keyStatus().then((status) => emit({ type: 'key', status }));
    },
    pollPlan: () => {
      const { pollIntervalSeconds, maxRequestsPerSecond } = settings.get();
      return { ...DEFAULT_POLL_PLAN, baseIntervalMs: pollIntervalSeconds * 1000, requestsPerSecond: maxRequestsPerSecond };
    },
  });
  const notices = new Notices(emit);
  const report = engine.store.loadReport;
  const storeNotice = taskStoreNotice(report);
  if (storeNotice) {
    log.error({ files: report.movedAside, invalidRecords: report.invalidRecords }, 'task state files were unreadable and have been moved aside');
    notices.add(storeNotice);
  }
  // Once a separation is in the library, its song gets its cover image beside the stems. stop()
  // waits for these downloads, so nothing writes into the library after the core has stopped.
  const coverFetches = new Set<Promise<boolean>>();
  events.on('event', (event: StemcrateEvent) => {
    if (event.type !== 'task' || event.task.state !== 'done' || event.task.songId === null) return;
    const fetch = fetchSongCover(library, downloader, settings.get().apiBase, event.task.songId, event.task.taskId ?? event.task.id);
    coverFetches.add(fetch);
    void fetch.finally(() => coverFetches.delete(fetch));
  });
  engine.start();
  log.info({ libraryDir: library.root, apiBase: settings.get().apiBase, tasks: engine.store.all().length }, 'core started');

  return {
    settings,
    secrets,
    client,
    library,
    downloader,
    engine,
    notices,
    sandbox: options.sandbox ?? false,
    dataDir: options.dataDir,
    onEvent(listener) {
      events.on('event', listener);
      return () => events.off('event', listener);
    },
    emit,
    keyStatus,
    async setKey(apiKey) {
      await secrets.setKey(apiKey);
      // Setting a key, even the one rejected before, is the user's request to try it again.
      rejectedKeys.clear();
      engine.resumeAfterKeyChange();
      const status = await keyStatus();
      emit({ type: 'key', status });
      return status;
    },
    async removeKey() {
      await secrets.deleteKey();
      const status = await keyStatus();
      emit({ type: 'key', status });
      return status;
    },
    async stop() {
      await engine.stop();
      await Promise.allSettled([...coverFetches]);
      events.removeAllListeners();
      releaseLock();
      log.info('core stopped');
    },
  };
}

/**
 * Returns the function that gives the client one rate limiter per API key fingerprint, at the
 * `maxRequestsPerSecond` setting. When the setting changes, the key gets a new limiter that
 * starts only after the old one has granted its waiting requests and one more second has passed,
 * so no one-second window contains grants of both.
 * NOTE: a Retry-After pause of the old limiter can outlast that estimate, so requests under the
 * old and new rates can overlap at the provider for up to one second.
 */
function keyLimiters(settings: SettingsStore, clock: Clock, create: (options: RateLimiterOptions) => RateLimiter): (fingerprint: string) => RateLimiter {
  const limiters = new Map<string, RateLimiter>();
  return (fingerprint) => {
    const rate = settings.get().maxRequestsPerSecond;
    const current = limiters.get(fingerprint);
    if (current && current.requestsPerSecond === rate) return current;

    const next = create({ requestsPerSecond: rate, clock });
    if (current) {
      const drainMs = Math.ceil(current.waiting / Math.max(1, Math.floor(current.requestsPerSecond))) * 1000;
      next.pauseFor(1000 + drainMs);
      log.info({ from: current.requestsPerSecond, to: rate }, 'request rate limit changed');
    }
    limiters.set(fingerprint, next);
    return next;
  };
}

/** Default data and library folders for plain Node runs (CLI) on this platform. */
export function defaultFolders(home: string, platform: NodeJS.Platform = process.platform): { dataDir: string; libraryDir: string } {
  const dataDir =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support', 'Stemcrate')
      : platform === 'win32'
        ? path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Stemcrate')
        : path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Stemcrate');
  return { dataDir, libraryDir: path.join(home, 'Music', 'Stemcrate') };
}
