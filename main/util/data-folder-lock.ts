// The lock that keeps two Stemcrate processes (the app and the CLI, or two CLIs) from running task
// engines on one data folder, where both would poll, download and rewrite the same task records.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';

const log = getLogger('data-folder-lock');

export const LOCK_FILE_NAME = 'stemcrate.lock';

/** Contents of the lock file: the process that owns the folder. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** Kind of process that owns the lock, for the message: "app", "command line" or "test host". */
  role: string;
  startedAt: number;
}

export interface DataFolderLock {
  readonly file: string;
  /** Removes the lock file if this process still owns it. Safe to call more than once. */
  release(): void;
}

/**
 * Takes the data folder for this process. A lock left by a process that no longer runs on this
 * machine is replaced. Throws `storage` naming the owner when a live process owns the folder.
 * NOTE: an unrelated process can reuse a crashed process's pid. The error then names the lock
 * file, so the user can delete it.
 */
export function lockDataFolder(dataDir: string, role: string, now: number): DataFolderLock {
  const file = path.join(dataDir, LOCK_FILE_NAME);
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), role, startedAt: now };

  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(file, owner)) return ownedLock(file);

    const current = readOwner(file);
    if (current !== null && ownsFolder(current)) throw inUseError(dataDir, file, current);
    log.warn({ file, owner: current }, 'replacing the lock of a process that no longer runs');
    rmSync(file, { force: true });
  }
  throw new AppError('storage', `Could not lock the data folder ${dataDir}: ${file} keeps reappearing. Close other Stemcrate windows and commands, then try again.`);
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new AppError('storage', `Could not create the lock file ${file}: ${String(error)}. Check that the data folder exists and that you may write to it.`, { cause: error });
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Reads the owner, or returns null for a file that is empty, unreadable or not a owner. */
function readOwner(file: string): LockOwner | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return null;
    return { pid: value.pid, hostname: value.hostname, role: String(value.role ?? 'process'), startedAt: Number(value.startedAt ?? 0) };
  } catch {
    return null;
  }
}

/** True unless the owner is a process on this machine that has ended. */
function ownsFolder(owner: LockOwner): boolean {
  // A process on another machine (a data folder on a network share) cannot be checked from here.
  if (owner.hostname !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownedLock(file: string): DataFolderLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  // An exit without stop() (an uncaught error, process.exit) still frees the folder.
  process.on('exit', release);
  return { file, release };
}

function inUseError(dataDir: string, file: string, owner: LockOwner): AppError {
  const where = owner.hostname === os.hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.hostname}`;
  return new AppError(
    'storage',
    `Another Stemcrate (${owner.role}, ${where}) is using the data folder ${dataDir}. Close it first, or give this one another data folder with --data-dir or STEMCRATE_DATA_DIR. If no Stemcrate is running, delete ${file}.`,
  );
}
