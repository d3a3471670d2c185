// sha256 of a file that may still be growing, computed by one shared worker thread that reads the
// file back as the writer reports progress, so hashing never runs on the main thread's event loop.
import { Worker } from 'node:worker_threads';
import { getLogger } from '../log/logger.js';

const log = getLogger('downloads');

/** A hash job for one file. The caller must end it with `finish` or `cancel`, because the worker keeps the file open until then. */
export interface GrowingFileHash {
  /** Tells the worker that the first `bytes` bytes of the file are written and may be hashed. */
  extendTo(bytes: number): void;
  /**
   * Hashes the first `bytes` bytes (or the whole file when `bytes` is null) and returns the sha256
   * as lower-case hex. Rejects when the file cannot be read or has fewer bytes than requested.
   */
  finish(bytes: number | null): Promise<string>;
  /** Stops the job and closes the file. */
  cancel(): void;
}

type WorkerRequest =
  | { type: 'open'; id: number; path: string }
  | { type: 'extend'; id: number; bytes: number }
  | { type: 'finish'; id: number; bytes: number | null }
  | { type: 'cancel'; id: number };

type WorkerReply = { id: number; digest: string } | { id: number; error: { message: string; code?: string } };

// Runs inside the worker as a CommonJS script, because an eval'd worker needs no file on disk and
// so works the same under tsx, in the esbuild bundles and in Electron. Reads use a 1 MiB buffer.
// A job that is asked for bytes beyond the end of the file hashes what exists and catches up on
// the next message, because the writer reports each range only after its write has completed.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buffer = Buffer.allocUnsafe(1024 * 1024);
const jobs = new Map();

function hashUpTo(job, limit) {
  while (job.error === null && (limit === null || job.position < limit)) {
    const length = limit === null ? buffer.length : Math.min(buffer.length, limit - job.position);
    let read;
    try {
      read = fs.readSync(job.fd, buffer, 0, length, job.position);
    } catch (error) {
      job.error = { message: error.message, code: error.code };
      return;
    }
    if (read === 0) return;
    job.hash.update(buffer.subarray(0, read));
    job.position += read;
  }
}

function close(job) {
  if (job.fd !== null) fs.closeSync(job.fd);
  jobs.delete(job.id);
}

parentPort.on('message', (message) => {
  if (message.type === 'open') {
    const job = { id: message.id, fd: null, position: 0, hash: createHash('sha256'), error: null };
    try {
      job.fd = fs.openSync(message.path, 'r');
    } catch (error) {
      job.error = { message: error.message, code: error.code };
    }
    jobs.set(message.id, job);
    return;
  }
  const job = jobs.get(message.id);
  if (job === undefined) return;
  if (message.type === 'extend') {
    hashUpTo(job, message.bytes);
  } else if (message.type === 'cancel') {
    close(job);
  } else if (message.type === 'finish') {
    hashUpTo(job, message.bytes);
    if (job.error === null && message.bytes !== null && job.position < message.bytes) {
      job.error = { message: 'the file has ' + job.position + ' bytes, fewer than the ' + message.bytes + ' to hash' };
    }
    close(job);
    parentPort.postMessage(job.error === null ? { id: job.id, digest: job.hash.digest('hex') } : { id: job.id, error: job.error });
  }
});
`;

interface Pending {
  resolve: (digest: string) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Returns the shared worker, starting it on first use or after a crash. */
function hashWorker(): Worker {
  if (worker !== null) return worker;

  // No execArgv: the worker needs no loader, and inheriting one such as tsx would slow its start.
  const started = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  // An idle worker must not keep the process alive, so `finish` references it only while a digest is due.
  started.unref();
  started.on('message', (reply: WorkerReply) => settle(reply));
  started.on('error', (error) => {
    log.error({ err: error }, 'sha256 worker failed; pending hashes are rejected and the next one starts a new worker');
    failAll(error);
  });
  started.on('exit', (code) => {
    if (worker === started) worker = null;
    if (pending.size > 0) failAll(new Error(`The sha256 worker exited with code ${code} while hashing.`));
  });
  worker = started;
  return started;
}

function settle(reply: WorkerReply): void {
  const job = pending.get(reply.id);
  if (job === undefined) return;
  pending.delete(reply.id);
  if (pending.size === 0) worker?.unref();

  if ('digest' in reply) {
    job.resolve(reply.digest);
    return;
  }
  const error = new Error(`Could not hash the download: ${reply.error.message}`) as NodeJS.ErrnoException;
  if (reply.error.code !== undefined) error.code = reply.error.code;
  job.reject(error);
}

function failAll(error: Error): void {
  const jobs = [...pending.values()];
  pending.clear();
  worker = null;
  for (const job of jobs) job.reject(error);
}

/** Starts hashing `filePath`. The file must exist by the time the worker opens it. */
export function hashGrowingFile(filePath: string): GrowingFileHash {
  const id = nextId++;
  // A crash of the worker between messages loses its state for this job, so every message goes to
  // the worker that received `open`, and `finish` on a replaced worker fails instead of hashing.
  const owner = hashWorker();
  owner.postMessage({ type: 'open', id, path: filePath } satisfies WorkerRequest);
  let done = false;

  return {
    extendTo(bytes: number): void {
      if (!done && worker === owner) owner.postMessage({ type: 'extend', id, bytes } satisfies WorkerRequest);
    },

    finish(bytes: number | null): Promise<string> {
      if (done) return Promise.reject(new Error('This hash job has already finished.'));
      done = true;
      if (worker !== owner) return Promise.reject(new Error('The sha256 worker stopped while hashing; retry the download.'));

      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        owner.ref();
        owner.postMessage({ type: 'finish', id, bytes } satisfies WorkerRequest);
      });
    },

    cancel(): void {
      if (done) return;
      done = true;
      if (worker === owner) owner.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
    },
  };
}

/** Computes the sha256 of a whole file as lower-case hex, in the worker thread. */
export function sha256OfFile(filePath: string): Promise<string> {
  return hashGrowingFile(filePath).finish(null);
}
