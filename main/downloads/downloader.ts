// createDownloader: the download queue. It bounds parallel transfers, fills each .part through
// fetchIntoPart, verifies it and moves it to its final name.
import path from 'node:path';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { systemClock, type Clock } from '../util/clock.js';
import { describeUrl, toDownloadError } from './download-errors.js';
import { fetchIntoPart, type FetchedPart } from './fetch-part.js';
import { sha256OfFile } from './file-hasher.js';
import { flushToDisk, moveWithoutOverwrite } from './finalize.js';
import { chooseExtension } from './file-type.js';
import { parseHttpUrl } from './http-exchange.js';
import { partPathsFor, partSizeOf, readPartState, removePart, removePartState } from './part-file.js';
import { ProgressMeter } from './progress.js';
import { Semaphore } from './semaphore.js';
import type { DownloadKind, DownloadProgress, DownloadRequest, DownloadResult, Downloader } from './types.js';

const log = getLogger('downloads');

export const DEFAULT_MAX_PARALLEL = 4;
/** Largest file accepted, in bytes (1 GiB): a 12-minute WAV stem is about 130 MB. */
export const DEFAULT_MAX_BYTES = 1024 ** 3;
/** Time allowed for connecting, for the first response byte and between body bytes, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface DownloaderOptions {
  /** Transfers that run at once (default 4); a transfer ends once its body is on disk. */
  maxParallel?: number;
  maxBytes?: number;
  /** Time source for progress rates. */
  clock?: Clock;
  timeoutMs?: number;
  /**
   * Throws AppError for a URL the app must not fetch (the core rejects local addresses other than
   * the API's). Runs before the first request and on every redirect target.
   */
  checkUrl?: (url: URL) => void;
}

export interface ConfigurableDownloader extends Downloader {
  /**
   * Changes how many transfers run at once; running downloads are never interrupted. A download
   * keeps its slot from its first request until its body is on disk.
   */
  setMaxParallel(n: number): void;
}

interface Settings {
  maxBytes: number;
  timeoutMs: number;
  clock: Clock;
  checkUrl: ((url: URL) => void) | undefined;
}

export function createDownloader(options: DownloaderOptions = {}): ConfigurableDownloader {
  const settings: Settings = {
    maxBytes: positiveOption('maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES),
    timeoutMs: positiveOption('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    clock: options.clock ?? systemClock,
    checkUrl: options.checkUrl,
  };
  const slots = new Semaphore(options.maxParallel ?? DEFAULT_MAX_PARALLEL);
  // .part paths being written now; two downloads into one .part would interleave their bytes.
  const activeParts = new Set<string>();

  return {
    setMaxParallel(n: number): void {
      slots.setLimit(n);
      log.info({ maxParallel: n }, 'parallel download limit changed');
    },

    async download(request: DownloadRequest): Promise<DownloadResult> {
      const url = parseHttpUrl(request.url);
      settings.checkUrl?.(url);
      checkTarget(request);
      const paths = partPathsFor(request.directory, request.baseName);
      if (activeParts.has(paths.part)) {
        throw new AppError('invalid_argument', `${paths.part} is already being downloaded. Wait for that download to finish before starting it again.`);
      }

      // Claimed before waiting for a slot, so a second request for the same file fails at once.
      activeParts.add(paths.part);
      let release: (() => void) | undefined;
      try {
        release = await slots.acquire(request.signal);
        return await runDownload(request, url, settings, release);
      } finally {
        activeParts.delete(paths.part);
        release?.();
      }
    },
  };
}

/**
 * Downloads into the .part and finishes it. `releaseSlot` runs once the last body byte is written,
 * so the next queued transfer starts while this one waits for its sha256, its sidecar fsync and the
 * flush of its bytes, and is renamed. Those steps touch only the local disk.
 */
async function runDownload(request: DownloadRequest, url: URL, settings: Settings, releaseSlot: () => void): Promise<DownloadResult> {
  const kind = request.kind ?? 'stem';
  const paths = partPathsFor(request.directory, request.baseName);
  const meter = new ProgressMeter(safeProgressReporter(request), () => settings.clock.now());
  log.debug({ taskId: request.taskId, url: describeUrl(url), baseName: request.baseName }, 'download started');

  try {
    const fetched = await fetchIntoPart({
      url,
      paths,
      kind,
      taskId: request.taskId,
      maxBytes: settings.maxBytes,
      timeoutMs: settings.timeoutMs,
      signal: request.signal,
      meter,
      onBodyWritten: releaseSlot,
      ...(settings.checkUrl ? { checkUrl: settings.checkUrl } : {}),
    });
    const result = await finishPart(request, kind, fetched);
    log.info({ taskId: request.taskId, fileName: result.fileName, bytes: result.bytes }, 'download ready');
    return result;
  } catch (error) {
    if (request.signal?.aborted) {
      log.info({ taskId: request.taskId, baseName: request.baseName }, 'download aborted; the .part stays for a later resume');
      throw request.signal.reason;
    }
    const partBytes = (await partSizeOf(paths).catch(() => null)) ?? 0;
    const totalBytes = (await readPartState(paths))?.totalBytes ?? null;
    const appError = toDownloadError(error, {
      url: request.url,
      directory: request.directory,
      bytesNeeded: totalBytes === null ? null : Math.max(0, totalBytes - partBytes),
      timeoutMs: settings.timeoutMs,
    });
    log.warn({ taskId: request.taskId, baseName: request.baseName, code: appError.code, err: error }, 'download failed');
    throw appError;
  }
}

/** Verifies the .part against the recorded total, hashes it unless that was done while writing, and moves it to its final name. */
async function finishPart(request: DownloadRequest, kind: DownloadKind, { state, sha256: hashedWhileWriting }: FetchedPart): Promise<DownloadResult> {
  const paths = partPathsFor(request.directory, request.baseName);
  const bytes = (await partSizeOf(paths)) ?? 0;
  if (state.totalBytes !== null && bytes !== state.totalBytes) {
    // Reached by a 206 whose range ends before the announced total, or by a .part that another
    // process changed. Neither can be resumed safely.
    await removePart(paths);
    throw new AppError('bad_response', `Download of ${describeUrl(state.url)} has ${bytes} bytes but the server announced ${state.totalBytes}. The download restarts from zero on the next retry.`);
  }

  const sha256 = hashedWhileWriting ?? (await sha256OfFile(paths.part));
  const extension = chooseExtension(kind, state.contentType, [state.url, request.url]);
  const fileName = `${request.baseName}.${extension}`;
  const finalPath = path.join(request.directory, fileName);
  await flushToDisk(paths.part);
  await moveWithoutOverwrite(paths.part, finalPath);
  await removePartState(paths);

  return { path: finalPath, fileName, bytes, sha256, contentType: state.contentType };
}

/** Wraps the caller's progress callback so that an exception in it cannot fail the download. */
function safeProgressReporter(request: DownloadRequest): ((progress: DownloadProgress) => void) | undefined {
  const report = request.onProgress;
  if (!report) return undefined;
  let failures = 0;
  return (progress) => {
    try {
      report(progress);
    } catch (error) {
      failures += 1;
      // Logs the first failure only, because the callback runs up to 10 times per second.
      if (failures === 1) log.error({ taskId: request.taskId, err: error }, 'progress callback threw; further errors from it are not logged');
    }
  };
}

function checkTarget(request: DownloadRequest): void {
  const { baseName, directory } = request;
  if (baseName === '' || baseName === '.' || baseName === '..' || /[/\\\0]/.test(baseName)) {
    throw new AppError('invalid_argument', `Invalid download file name "${baseName}": it must be a plain name without a folder.`);
  }
  if (!path.isAbsolute(directory)) {
    throw new AppError('invalid_argument', `Invalid download folder "${directory}": it must be an absolute path.`);
  }
}

function positiveOption(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new AppError('invalid_argument', `Invalid downloader option ${name}: ${value}. Use a positive number.`);
  }
  return value;
}
