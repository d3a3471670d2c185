// The one logger of the main process: pino, one child per module, secrets scrubbed from every line.
import { mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger, type DestinationStream } from 'pino';
import { redactText } from './redact.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Folder for `stemcrate.log`; when absent, lines go to standard error. */
  logDir?: string;
  level?: pino.LevelWithSilent;
  /** Extra sink, used by tests that capture every line written. */
  stream?: DestinationStream;
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;

let root: Logger = createLogger({ level: (process.env.STEMCRATE_LOG_LEVEL as pino.Level | undefined) ?? 'warn' });

/** Rotates `stemcrate.log` to `stemcrate.1.log` once it passes 5 MiB, keeping one old file. */
function rotateIfLarge(file: string): void {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, file.replace(/\.log$/, '.1.log'));
  } catch {
    // No log file yet: nothing to rotate.
  }
}

/** Creates a pino logger whose every output line passes through `redactText`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  let destination: DestinationStream;
  if (options.stream) {
    destination = options.stream;
  } else if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true });
    const file = path.join(options.logDir, 'stemcrate.log');
    rotateIfLarge(file);
    destination = pino.destination({ dest: file, sync: true, mkdir: true });
  } else {
    destination = pino.destination({ fd: 2, sync: true });
  }
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: ['apiKey', '*.apiKey', 'key', 'headers["x-api-key"]', '*.headers["x-api-key"]'], censor: '[REDACTED]' },
      hooks: { streamWrite: (line: string) => redactText(line) },
    },
    destination,
  );
}

const children = new Map<string, Logger>();

/** Replaces the process-wide root logger (the Electron shell, CLI and tests configure it once). */
export function setRootLogger(logger: Logger): void {
  root = logger;
  children.clear();
}

function childFor(module: string): Logger {
  let child = children.get(module);
  if (!child) {
    child = root.child({ module });
    children.set(module, child);
  }
  return child;
}

/**
 * Returns a logger tagged with the module name. It resolves the root logger on every call, so a
 * module may create it at import time and still write through a root set later.
 */
export function getLogger(module: string): Logger {
  return new Proxy({} as Logger, {
    get(_target, property) {
      const child = childFor(module);
      const value = Reflect.get(child, property, child) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(child) : value;
    },
  });
}

/** Returns the folder-relative log file path for a data folder. */
export function logDirFor(dataDir: string): string {
  return path.join(dataDir, 'logs');
}
