// createIpcRouter: the implementation of every contract channel over the core. Arguments are
// validated with the channel's schema first; expected failures come back as `Result` errors.
import type { z } from 'zod';
import { CHANNELS, type ChannelName, type GenerationDto, type Result } from '../../preload/contract.js';
import { AppError, toAppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import type { Core } from '../core.js';
import type { CoverCache } from '../media/cover-cache.js';
import type { PeaksCache } from '../media/peaks.js';
import { MediaUrls, toLibrarySummary, toSongDetailDto, toSongDto } from './dto.js';
import { CHANNEL_ARGS } from './schemas.js';
import type { ChannelHandler, IpcRouter } from './types.js';

const log = getLogger('ipc');

export interface IpcRouterOptions {
  /** Base of media URLs the renderer can load, ending in `/` (custom protocol or loopback host). */
  mediaBaseUrl: string;
  coverCache: CoverCache;
  peaksCache: PeaksCache;
  /** Shows a folder in the OS file manager; absent where there is none (browser sandbox). */
  revealFolder?: (folder: string) => Promise<void>;
}

type Args<C extends keyof typeof CHANNEL_ARGS> = z.infer<(typeof CHANNEL_ARGS)[C]>;

/** Parses a channel's arguments or throws AppError `invalid_argument` naming the first problem. */
export function parseArgs<C extends keyof typeof CHANNEL_ARGS>(channel: C, args: readonly unknown[]): Args<C> {
  const parsed = CHANNEL_ARGS[channel].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    log.warn({ channel, issues: parsed.error.issues.slice(0, 3) }, 'rejected an IPC call with invalid arguments');
    throw new AppError('invalid_argument', `Invalid arguments for ${channel}${where}: ${issue?.message ?? 'rejected'}.`);
  }
  return parsed.data as Args<C>;
}

async function toResult<T>(channel: string, work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal') log.error({ channel, err: error }, 'IPC call failed unexpectedly');
    else log.info({ channel, code: appError.code }, 'IPC call returned an error');
    return { ok: false, error: appError.toDto() };
  }
}

export function createIpcRouter(core: Core, options: IpcRouterOptions): IpcRouter {
  const media = new MediaUrls(options.mediaBaseUrl);
  const { library, engine } = core;

  const requireSong = (songId: string) => {
    const entry = library.get(songId);
    if (!entry) throw new AppError('not_found', `No song with id ${songId} in the library; it may have been moved to the trash.`);
    return entry;
  };

  const handlers: Partial<Record<ChannelName, ChannelHandler>> = {
    [CHANNELS.keyStatus]: async (args) => {
      parseArgs(CHANNELS.keyStatus, args);
      return core.keyStatus();
    },
    [CHANNELS.keySet]: async (args) => {
      const [apiKey] = parseArgs(CHANNELS.keySet, args);
      return toResult(CHANNELS.keySet, () => core.setKey(apiKey));
    },
    [CHANNELS.keyRemove]: async (args) => {
      parseArgs(CHANNELS.keyRemove, args);
      return toResult(CHANNELS.keyRemove, () => core.removeKey());
    },
    [CHANNELS.keyTest]: async (args) => {
      parseArgs(CHANNELS.keyTest, args);
      return toResult(CHANNELS.keyTest, async () => ({ balance: await core.client.getBalance() }));
    },
    [CHANNELS.accountBalance]: async (args) => {
      parseArgs(CHANNELS.accountBalance, args);
      return toResult(CHANNELS.accountBalance, async () => ({ balance: await core.client.getBalance() }));
    },
    [CHANNELS.songsLookup]: async (args) => {
      const [generationTaskId] = parseArgs(CHANNELS.songsLookup, args);
      return toResult(CHANNELS.songsLookup, async (): Promise<GenerationDto> => {
        const generation = await core.client.getGenerationTask(generationTaskId);
        return {
          generationTaskId: generation.taskId,
          status: generation.rawStatus,
          prompt: generation.prompt,
          songs: generation.songs.map((song) => {
            const coverUrl = song.imageUrl ?? song.imageLargeUrl;
            const hash = coverUrl ? options.coverCache.register(coverUrl) : null;
            return {
              sunoId: song.sunoId,
              title: song.title,
              imageUrl: hash ? media.remoteCover(hash) : null,
              durationSeconds: song.durationSeconds,
              tags: song.tags,
              model: song.model,
            };
          }),
        };
      });
    },
    [CHANNELS.tasksList]: async (args) => {
      parseArgs(CHANNELS.tasksList, args);
      return engine.list();
    },
    [CHANNELS.tasksSubmit]: async (args) => {
      const [request] = parseArgs(CHANNELS.tasksSubmit, args);
      return toResult(CHANNELS.tasksSubmit, () => engine.submit(request));
    },
    [CHANNELS.tasksCancel]: async (args) => {
      const [id] = parseArgs(CHANNELS.tasksCancel, args);
      return toResult(CHANNELS.tasksCancel, async () => engine.cancel(id));
    },
    [CHANNELS.tasksRetry]: async (args) => {
      const [id, confirm] = parseArgs(CHANNELS.tasksRetry, args);
      return toResult(CHANNELS.tasksRetry, () => engine.retry(id, confirm));
    },
    [CHANNELS.tasksRemove]: async (args) => {
      const [id] = parseArgs(CHANNELS.tasksRemove, args);
      return toResult(CHANNELS.tasksRemove, async () => {
        engine.remove(id);
        return null;
      });
    },
    [CHANNELS.libraryList]: async (args) => {
      const [query] = parseArgs(CHANNELS.libraryList, args);
      return library.list(query).map((entry) => toSongDto(entry, media));
    },
    [CHANNELS.libraryGet]: async (args) => {
      const [songId] = parseArgs(CHANNELS.libraryGet, args);
      return toResult(CHANNELS.libraryGet, async () => toSongDetailDto(requireSong(songId), media));
    },
    [CHANNELS.librarySummary]: async (args) => {
      parseArgs(CHANNELS.librarySummary, args);
      return toLibrarySummary(library.root, library.list({}));
    },
    [CHANNELS.libraryUpdate]: async (args) => {
      const [songId, update] = parseArgs(CHANNELS.libraryUpdate, args);
      return toResult(CHANNELS.libraryUpdate, async () => {
        const entry = await library.update(songId, update);
        emitLibrary();
        return toSongDetailDto(entry, media);
      });
    },
    [CHANNELS.libraryTrash]: async (args) => {
      const [songId] = parseArgs(CHANNELS.libraryTrash, args);
      return toResult(CHANNELS.libraryTrash, async () => {
        await library.trash(songId);
        emitLibrary();
        return null;
      });
    },
    [CHANNELS.libraryReveal]: async (args) => {
      const [songId] = parseArgs(CHANNELS.libraryReveal, args);
      return toResult(CHANNELS.libraryReveal, async () => {
        const entry = requireSong(songId);
        if (!options.revealFolder) throw new AppError('invalid_argument', 'Showing folders needs the desktop app; the browser sandbox cannot open a file manager.');
        await options.revealFolder(entry.directory);
        return null;
      });
    },
    [CHANNELS.libraryPeaks]: async (args) => {
      const [stemId] = parseArgs(CHANNELS.libraryPeaks, args);
      return toResult(CHANNELS.libraryPeaks, async () => {
        const file = await library.resolveStem(stemId);
        const separator = stemId.indexOf('/');
        const songId = stemId.slice(0, separator);
        const fileName = stemId.slice(separator + 1);
        const stem = library.get(songId)?.manifest.stems.find((entry) => entry.fileName === fileName);
        if (!stem) throw new AppError('not_found', `No stem ${fileName} in song ${songId}.`);
        return options.peaksCache.get(file, stem.sha256);
      });
    },
    [CHANNELS.settingsGet]: async (args) => {
      parseArgs(CHANNELS.settingsGet, args);
      return settingsDto();
    },
    [CHANNELS.settingsUpdate]: async (args) => {
      const [update] = parseArgs(CHANNELS.settingsUpdate, args);
      return toResult(CHANNELS.settingsUpdate, async () => {
        core.settings.update(update);
        if (update.parallelDownloads !== undefined) core.downloader.setMaxParallel(update.parallelDownloads);
        return settingsDto();
      });
    },
  };

  function settingsDto() {
    const { apiBase, libraryDir, pollIntervalSeconds, parallelDownloads, namingTemplate } = core.settings.get();
    return { apiBase, libraryDir, pollIntervalSeconds, parallelDownloads, namingTemplate };
  }

  function emitLibrary(): void {
    core.emit({ type: 'library', summary: toLibrarySummary(library.root, library.list({})) });
  }

  // Task events that bring a song into the library also announce the new library summary.
  core.onEvent((event) => {
    if (event.type === 'task' && event.task.state === 'done') emitLibrary();
  });

  return {
    handlers,
    async resolveDragFiles(args) {
      const [stemIds] = parseArgs(CHANNELS.libraryStartDrag, args);
      return Promise.all(stemIds.map((stemId) => library.resolveStem(stemId)));
    },
    async resolveMedia(mediaPath) {
      return resolveMediaPath(core, options.coverCache, mediaPath);
    },
    onEvent: (listener) => core.onEvent(listener),
  };
}

/** Maps `stem/<songId>/<file>`, `cover/<songId>` or `remote-cover/<hash>` to a real file path. */
async function resolveMediaPath(core: Core, coverCache: CoverCache, mediaPath: string): Promise<string> {
  const parts = mediaPath.split('/').map((part) => decodeURIComponent(part));
  const [kind, first, second, ...rest] = parts;
  if (kind === 'stem' && first && second && rest.length === 0) return core.library.resolveStem(`${first}/${second}`);
  if (kind === 'cover' && first && second === undefined) {
    const cover = await core.library.resolveCover(first);
    if (cover) return cover;
  }
  if (kind === 'remote-cover' && first && second === undefined) return coverCache.resolve(first);
  throw new AppError('not_found', `No media at ${mediaPath}.`);
}
