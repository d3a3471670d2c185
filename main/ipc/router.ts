// createIpcRouter: the implementation of every contract channel over the core. Arguments are
// validated with the channel's schema before any work. Channels that return a `Result` report
// invalid arguments and expected failures as `Result` errors; the other channels reject.
import type { z } from 'zod';
import { CHANNELS, type ChannelName, type GenerationDto, type LibraryMoveDto, type Result } from '../../preload/contract.js';
import type { Core } from '../core.js';
import { AppError, toAppError } from '../errors.js';
import { previewNaming } from '../library/naming.js';
import { getLogger } from '../log/logger.js';
import type { CoverCache } from '../media/cover-cache.js';
import type { PeaksCache } from '../media/peaks.js';
import { coverFetchesInFlight } from '../media/song-cover.js';
import { MediaUrls, toLibrarySummary, toSongDetailDto, toSongListItem } from './dto.js';
import { CHANNEL_ARGS } from './schemas.js';
import type { ChannelHandler, IpcRouter } from './types.js';

const log = getLogger('ipc');

export interface IpcRouterOptions {
  /** Base of media URLs the renderer can load, ending in `/` (custom protocol or loopback host). */
  mediaBaseUrl: string;
  coverCache: CoverCache;
  peaksCache: PeaksCache;
  /** Opens the OS folder picker in main and returns the chosen folder, or null when cancelled. */
  pickFolder?: () => Promise<string | null>;
  /** Shows a folder in the OS file manager; absent where there is none (browser sandbox). */
  revealFolder?: (folder: string) => Promise<void>;
}

type ArgsChannel = keyof typeof CHANNEL_ARGS;
type Args<C extends ArgsChannel> = z.infer<(typeof CHANNEL_ARGS)[C]>;

/** Parses a channel's arguments or throws AppError `invalid_argument` naming the first problem. */
export function parseArgs<C extends ArgsChannel>(channel: C, args: readonly unknown[]): Args<C> {
  const parsed = CHANNEL_ARGS[channel].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    log.warn({ channel, issues: parsed.error.issues.slice(0, 3) }, 'rejected an IPC call with invalid arguments');
    throw new AppError('invalid_argument', `Invalid arguments for ${channel}${where}: ${issue?.message ?? 'rejected'}.`);
  }
  return parsed.data as Args<C>;
}

/** A channel that returns a `Result`: argument and service errors become `{ ok: false }`. */
function resultChannel<C extends ArgsChannel, T>(channel: C, work: (args: Args<C>) => Promise<T> | T): ChannelHandler {
  return async (rawArgs): Promise<Result<T>> => {
    try {
      return { ok: true, value: await work(parseArgs(channel, rawArgs)) };
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'internal') log.error({ channel, err: error }, 'IPC call failed unexpectedly');
      else log.info({ channel, code: appError.code }, 'IPC call returned an error');
      return { ok: false, error: appError.toDto() };
    }
  };
}

/** A channel that returns its value directly and rejects on invalid arguments. */
function valueChannel<C extends ArgsChannel, T>(channel: C, work: (args: Args<C>) => Promise<T> | T): ChannelHandler {
  return async (rawArgs) => work(parseArgs(channel, rawArgs));
}

export function createIpcRouter(core: Core, options: IpcRouterOptions): IpcRouter {
  const media = new MediaUrls(options.mediaBaseUrl);
  const { library, engine } = core;

  const requireSong = (songId: string) => {
    const entry = library.get(songId);
    if (!entry) throw new AppError('not_found', `No song with id ${songId} in the library; it may have been moved to the trash.`);
    return entry;
  };
  const summary = () => toLibrarySummary(library.root, library.list({}));
  const emitLibrary = (): void => core.emit({ type: 'library', summary: summary() });
  const settingsDto = () => {
    const { apiBase, libraryDir, pollIntervalSeconds, parallelDownloads, namingTemplate } = core.settings.get();
    return { apiBase, libraryDir, pollIntervalSeconds, parallelDownloads, namingTemplate };
  };

  const lookupSongs = async (generationTaskId: string): Promise<GenerationDto> => {
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
  };

  const stemPeaks = async (stemId: string) => {
    const file = await library.resolveStem(stemId);
    const separator = stemId.indexOf('/');
    const songId = stemId.slice(0, separator);
    const fileName = stemId.slice(separator + 1);
    const stem = library.get(songId)?.manifest.stems.find((entry) => entry.fileName === fileName);
    if (!stem) throw new AppError('not_found', `No stem ${fileName} in song ${songId}.`);
    return options.peaksCache.get(file, stem.sha256);
  };

  const moveLibrary = async (): Promise<LibraryMoveDto> => {
    if (!options.pickFolder) throw new AppError('invalid_argument', 'Moving the library needs the desktop app, which has a folder picker.');
    // A download writing into a song folder while it is copied would be lost or half-copied.
    const busy = engine.list().filter((task) => task.state === 'downloading').length + coverFetchesInFlight();
    if (busy > 0) throw new AppError('invalid_argument', 'Downloads are still running; move the library once they have finished.');
    const target = await options.pickFolder();
    if (target === null) return { moved: false, summary: summary(), skipped: [] };
    const report = await library.moveLibrary(target);
    core.settings.setLibraryDir(report.to);
    log.info({ from: report.from, to: report.to, files: report.files }, 'library moved');
    emitLibrary();
    return { moved: true, summary: summary(), skipped: report.skipped };
  };

  const handlers: Partial<Record<ChannelName, ChannelHandler>> = {
    [CHANNELS.keyStatus]: valueChannel(CHANNELS.keyStatus, () => core.keyStatus()),
    [CHANNELS.keySet]: resultChannel(CHANNELS.keySet, ([apiKey]) => core.setKey(apiKey)),
    [CHANNELS.keyRemove]: resultChannel(CHANNELS.keyRemove, () => core.removeKey()),
    [CHANNELS.keyTest]: resultChannel(CHANNELS.keyTest, async () => ({ balance: await core.client.getBalance() })),
    [CHANNELS.accountBalance]: resultChannel(CHANNELS.accountBalance, async () => ({ balance: await core.client.getBalance() })),
    [CHANNELS.songsLookup]: resultChannel(CHANNELS.songsLookup, ([generationTaskId]) => lookupSongs(generationTaskId)),

    [CHANNELS.tasksList]: valueChannel(CHANNELS.tasksList, () => engine.list()),
    [CHANNELS.tasksSubmit]: resultChannel(CHANNELS.tasksSubmit, ([request]) => engine.submit(request)),
    [CHANNELS.tasksCancel]: resultChannel(CHANNELS.tasksCancel, ([id]) => engine.cancel(id)),
    [CHANNELS.tasksRetry]: resultChannel(CHANNELS.tasksRetry, ([id, confirm]) => engine.retry(id, confirm)),
    [CHANNELS.tasksRemove]: resultChannel(CHANNELS.tasksRemove, ([id]) => {
      engine.remove(id);
      return null;
    }),

    [CHANNELS.libraryList]: valueChannel(CHANNELS.libraryList, ([query]) => library.list(query).map((entry) => toSongListItem(entry, media))),
    [CHANNELS.libraryGet]: resultChannel(CHANNELS.libraryGet, ([songId]) => toSongDetailDto(requireSong(songId), media)),
    [CHANNELS.librarySummary]: valueChannel(CHANNELS.librarySummary, () => summary()),
    [CHANNELS.libraryUpdate]: resultChannel(CHANNELS.libraryUpdate, async ([songId, update]) => {
      const entry = await library.update(songId, update);
      emitLibrary();
      return toSongDetailDto(entry, media);
    }),
    [CHANNELS.libraryTrash]: resultChannel(CHANNELS.libraryTrash, async ([songId]) => {
      await library.trash(songId);
      emitLibrary();
      return null;
    }),
    [CHANNELS.libraryReveal]: resultChannel(CHANNELS.libraryReveal, async ([songId]) => {
      const entry = requireSong(songId);
      if (!options.revealFolder) throw new AppError('invalid_argument', 'Showing folders needs the desktop app; the browser sandbox cannot open a file manager.');
      await options.revealFolder(entry.directory);
      return null;
    }),
    [CHANNELS.libraryPeaks]: resultChannel(CHANNELS.libraryPeaks, ([stemId]) => stemPeaks(stemId)),
    [CHANNELS.libraryMove]: resultChannel(CHANNELS.libraryMove, () => moveLibrary()),

    [CHANNELS.settingsGet]: valueChannel(CHANNELS.settingsGet, () => settingsDto()),
    [CHANNELS.settingsUpdate]: resultChannel(CHANNELS.settingsUpdate, ([update]) => {
      // The library validates a template before anything is stored.
      if (update.namingTemplate !== undefined) library.setNamingTemplate(update.namingTemplate);
      core.settings.update(update);
      if (update.parallelDownloads !== undefined) core.downloader.setMaxParallel(update.parallelDownloads);
      return settingsDto();
    }),
    [CHANNELS.settingsPreviewNaming]: resultChannel(CHANNELS.settingsPreviewNaming, ([template]) => previewNaming(template)),

    [CHANNELS.noticesList]: valueChannel(CHANNELS.noticesList, () => core.notices.list()),
    [CHANNELS.noticesDismiss]: resultChannel(CHANNELS.noticesDismiss, ([id]) => {
      core.notices.dismiss(id);
      return null;
    }),
  };

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
    resolveMedia: (mediaPath) => resolveMediaPath(core, options.coverCache, mediaPath),
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
