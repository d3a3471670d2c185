// A core on temporary folders, talking to a simulator on 127.0.0.1, for integration tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TaskDto, TaskState } from '../../preload/contract.js';
import { createCore, type Core, type CoreOptions } from '../../main/core.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator/simulator.js';

export const TEST_KEY = 'sim-test-key-0001';

export interface CoreFixture {
  core: Core;
  simulator: Simulator;
  dataDir: string;
  libraryDir: string;
  /** Stops the core and starts a new one on the same folders, as after an app restart. */
  restart(): Promise<Core>;
  close(): Promise<void>;
}

export async function startCoreFixture(
  options: { simulator?: SimulatorOptions; core?: Partial<CoreOptions>; apiKey?: string | null } = {},
): Promise<CoreFixture> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-core-'));
  const dataDir = path.join(root, 'data');
  const libraryDir = path.join(root, 'Library');
  const simulator = await startSimulator({ pendingMs: 300, runningMs: 600, ...options.simulator });
  const apiKey = options.apiKey === undefined ? TEST_KEY : options.apiKey;

  const build = (): Promise<Core> =>
    createCore({
      dataDir,
      defaultLibraryDir: libraryDir,
      env: apiKey === null ? {} : { CRUN_API_KEY: apiKey },
      keychainService: 'Stemcrate Test',
      ...options.core,
      overrides: { apiBase: simulator.url, pollIntervalSeconds: 1, ...options.core?.overrides },
    });

  const fixture: CoreFixture = {
    core: await build(),
    simulator,
    dataDir,
    libraryDir,
    async restart() {
      await fixture.core.stop();
      fixture.core = await build();
      return fixture.core;
    },
    async close() {
      await fixture.core.stop();
      await simulator.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Resolves with the task once it reaches one of `states`; rejects after `timeoutMs`. */
export function waitForState(core: Core, recordId: string, states: TaskState[], timeoutMs = 30_000): Promise<TaskDto> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const current = core.engine.list().find((task) => task.id === recordId);
      reject(new Error(`task ${recordId} did not reach ${states.join('/')} within ${timeoutMs} ms; it is ${current?.state ?? 'missing'}`));
    }, timeoutMs);
    const check = (task: TaskDto | undefined): void => {
      if (!task || task.id !== recordId || !states.includes(task.state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(task);
    };
    const unsubscribe = core.onEvent((event) => {
      if (event.type === 'task') check(event.task);
    });
    check(core.engine.list().find((task) => task.id === recordId));
  });
}
