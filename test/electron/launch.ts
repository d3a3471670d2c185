// Launches the built Electron app against a simulator on 127.0.0.1, with its own data and library
// folders. Shared by the Electron specs, which skip with a printed reason where no binary exists.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, type ElectronApplication } from '@playwright/test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/simulator.js';
import { electronPackageDir, findElectronBinary } from '../../tools/electron-binary.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN_BUNDLE = path.join(ROOT, 'dist', 'main', 'electron.js');

export const electronBinary = findElectronBinary(electronPackageDir(), process.env);

/** Prints why a spec is skipped, so a run log shows it as well as the report. */
export function announceSkip(spec: string): void {
  if (!electronBinary.found) console.log(`[electron] SKIPPED ${spec}: no Electron binary: ${electronBinary.reason}.`);
}

export interface LaunchedApp {
  app: ElectronApplication;
  simulator: Simulator;
  libraryDir: string;
  close(): Promise<void>;
}

/** Starts the simulator and the app. `apiKey` goes into CRUN_API_KEY; without it the first-run screen shows. */
export async function launchApp(options: { apiKey?: string; simulator?: SimulatorOptions } = {}): Promise<LaunchedApp> {
  if (!electronBinary.found) throw new Error(`no Electron binary: ${electronBinary.reason}`);
  expect(existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing; run "npm run build" first`).toBe(true);
  const simulator = await startSimulator({ host: '127.0.0.1', port: 0, ...options.simulator });
  const folder = await mkdtemp(path.join(tmpdir(), 'stemcrate-electron-'));
  const libraryDir = path.join(folder, 'library');

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // An inherited key would bypass the first-run screen, so only `apiKey` may set one.
    if (value !== undefined && name !== 'CRUN_API_KEY') env[name] = value;
  }
  const app = await electron.launch({
    executablePath: electronBinary.executablePath,
    args: [ROOT],
    env: {
      ...env,
      ...(options.apiKey ? { CRUN_API_KEY: options.apiKey } : {}),
      STEMCRATE_API_BASE: simulator.url,
      STEMCRATE_DATA_DIR: path.join(folder, 'data'),
      STEMCRATE_LIBRARY_DIR: libraryDir,
    },
  });

  return {
    app,
    simulator,
    libraryDir,
    async close() {
      await app.close();
      await simulator.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
