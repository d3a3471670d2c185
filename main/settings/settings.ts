// User settings persisted with `conf` (the library electron-store wraps), validated on every write.
import Conf from 'conf';
import { z } from 'zod';
import { SETTINGS_LIMITS, type SettingsDto, type SettingsUpdate } from '../../preload/contract.js';
import { DEFAULT_API_BASE } from '../api/types.js';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';

const log = getLogger('settings');

export const DEFAULT_NAMING_TEMPLATE = '{title} - {stem}';
export const MAX_REQUESTS_PER_SECOND = 15;

export interface Settings extends SettingsDto {
  /** Ceiling for the shared rate limiter; never above the provider's 15 per second. */
  maxRequestsPerSecond: number;
}

const settingsSchema = z.object({
  apiBase: z.string().url(),
  libraryDir: z.string().min(1),
  // The UI and IPC allow 5 s at least; 1 s is for the sandbox and tests against the simulator.
  pollIntervalSeconds: z.number().int().min(1).max(SETTINGS_LIMITS.pollIntervalSeconds.max),
  parallelDownloads: z.number().int().min(SETTINGS_LIMITS.parallelDownloads.min).max(SETTINGS_LIMITS.parallelDownloads.max),
  namingTemplate: z.string().min(1).max(SETTINGS_LIMITS.namingTemplateLength),
  maxRequestsPerSecond: z.number().min(0.1).max(MAX_REQUESTS_PER_SECOND),
});

const updateSchema = settingsSchema.omit({ libraryDir: true }).partial().strict();

export interface SettingsStore {
  get(): Settings;
  update(update: SettingsUpdate | Partial<Settings>): Settings;
  setLibraryDir(dir: string): Settings;
}

export interface SettingsOptions {
  dataDir: string;
  defaultLibraryDir: string;
  /** Values that win over the stored ones for this run only (CLI flags, sandbox). */
  overrides?: Partial<Settings>;
}

/** Opens the settings file in `dataDir`, filling defaults and repairing invalid stored values. */
export function openSettings(options: SettingsOptions): SettingsStore {
  const defaults: Settings = {
    apiBase: DEFAULT_API_BASE,
    libraryDir: options.defaultLibraryDir,
    pollIntervalSeconds: 15,
    parallelDownloads: 4,
    namingTemplate: DEFAULT_NAMING_TEMPLATE,
    maxRequestsPerSecond: MAX_REQUESTS_PER_SECOND,
  };
  const store = new Conf<Record<string, unknown>>({
    cwd: options.dataDir,
    configName: 'settings',
    projectName: 'stemcrate',
    clearInvalidConfig: true,
  });

  // A launch override (a CLI flag, the sandbox) wins over the stored value until the user changes
  // that setting in this run. Then the user's choice is stored and applies at once.
  const overrides: Partial<Settings> = { ...options.overrides };

  const read = (): Settings => {
    const merged = { ...defaults, ...store.store, ...overrides };
    const parsed = settingsSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    log.warn({ issues: parsed.error.issues }, 'stored settings are invalid; using defaults for the invalid fields');
    const repaired: Record<string, unknown> = { ...merged };
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string') repaired[field] = defaults[field as keyof Settings];
    }
    return settingsSchema.parse(repaired);
  };

  return {
    get: read,
    update(update) {
      const parsed = updateSchema.safeParse(update);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('invalid_argument', `Invalid setting ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'rejected'}.`);
      }
      for (const [name, value] of Object.entries(parsed.data)) {
        store.set(name, value);
        delete overrides[name as keyof Settings];
      }
      return read();
    },
    setLibraryDir(dir) {
      store.set('libraryDir', dir);
      delete overrides.libraryDir;
      return read();
    },
  };
}
