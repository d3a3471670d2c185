// startTestHost: the whole app without Electron: the crun.ai simulator, the real core on
// temporary (or given) folders, and the loopback host serving the built renderer.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../main/core.js';
import { createIpcRouter } from '../../main/ipc/router.js';
import { CoverCache } from '../../main/media/cover-cache.js';
import { PeaksCache } from '../../main/media/peaks.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/simulator.js';
import { startHttpHost, type HttpHost } from './http-host.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TestHostOptions {
  /** Existing folders to use; temporary ones (removed on close) otherwise. */
  dataDir?: string;
  libraryDir?: string;
  port?: number;
  simulator?: SimulatorOptions;
  /** Seconds between task queries; short by default so flows finish quickly. */
  pollIntervalSeconds?: number;
  env?: NodeJS.ProcessEnv;
  /** Stands in for the OS folder picker when a test moves the library. */
  pickFolder?: () => Promise<string | null>;
}

export interface TestHost {
  url: string;
  origin: string;
  token: string;
  simulator: Simulator;
  core: Core;
  http: HttpHost;
  dataDir: string;
  libraryDir: string;
  close(): Promise<void>;
}

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const temporary: string[] = [];
  const makeTemp = async (prefix: string): Promise<string> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    temporary.push(dir);
    return dir;
  };
  const dataDir = options.dataDir ?? (await makeTemp('stemcrate-data-'));
  const libraryDir = options.libraryDir ?? path.join(await makeTemp('stemcrate-library-'), 'Stemcrate');

  const simulator = await startSimulator({ pendingMs: 1_000, runningMs: 2_000, ...options.simulator });
  const core = await createCore({
    dataDir,
    defaultLibraryDir: libraryDir,
    overrides: { apiBase: simulator.url, libraryDir, pollIntervalSeconds: options.pollIntervalSeconds ?? 1 },
    env: options.env ?? {},
    sandbox: true,
    role: 'test host',
    keychainService: 'Stemcrate Sandbox',
    ...(options.simulator?.apiKeys?.[0] ? { sandboxKeyHint: options.simulator.apiKeys[0] } : {}),
  });

  const http = await startHttpHostFor(core, dataDir, simulator.url, options.port, options.pickFolder);
  return {
    url: http.url,
    origin: http.origin,
    token: http.token,
    simulator,
    core,
    http,
    dataDir,
    libraryDir,
    async close() {
      await http.close();
      await core.stop();
      await simulator.close();
      for (const dir of temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startHttpHostFor(
  core: Core,
  dataDir: string,
  apiBase: string,
  port?: number,
  pickFolder?: () => Promise<string | null>,
): Promise<HttpHost> {
  // Media URLs are relative to the page's origin, which is known only once the host listens.
  const router = createIpcRouter(core, {
    mediaBaseUrl: '/media/',
    coverCache: new CoverCache(dataDir, () => apiBase),
    peaksCache: new PeaksCache(dataDir),
    ...(pickFolder ? { pickFolder } : {}),
  });
  return startHttpHost({
    router,
    rendererDir: path.join(repoRoot, 'dist', 'renderer'),
    bridgeFile: path.join(repoRoot, 'dist', 'host', 'bridge.js'),
    ...(port === undefined ? {} : { port }),
  });
}
