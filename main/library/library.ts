// The library service: the in-memory index over the song folders, and every write into them.
import { readdirSync } from 'node:fs';
import { mkdir, realpath, rename } from 'node:fs/promises';
import path from 'node:path';
import type { LibraryQuery, LibrarySummaryDto, SongUpdate } from '../../preload/contract.js';
import { AppError } from '../errors.js';
import { getLogger } from '../log/logger.js';
import { systemClock, type Clock } from '../util/clock.js';
import { folderBytes } from './folder-files.js';
import { newLocalSongId } from './folder-reader.js';
import { SONG_ID_PATTERN, writeManifest } from './manifest.js';
import { checkMoveTarget, moveLibraryFiles } from './move-library.js';
import { DEFAULT_NAMING_TEMPLATE, parseNamingTemplate, renderFolderName, renderStemBaseName, type NamingSong, type NamingTemplate } from './naming.js';
import { Mutex } from './mutex.js';
import { checkSongDirectory, checkSongDirectorySync, realPathInside } from './paths.js';
import { parseStemId, resolveCoverFile, resolveStemFile } from './resolve-files.js';
import { MAX_BASE_NAME_BYTES, isPlainName, nameKey, uniqueName } from './sanitize.js';
import { createSongFolder, renameSongFolder } from './song-folders.js';
import { FolderCatalog } from './folder-catalog.js';
import { LIBRARY_INDEX_FILE, LibraryIndexFile } from './index-store.js';
import type { SongIndex } from './search.js';
import { applySongUpdate, mergeSongMeta, newManifest, songIdForSunoId } from './song-changes.js';
import { applySeparation, measureSeparation } from './record-separation.js';
import { toStorageError } from './fs-errors.js';
import type {
  AddSeparationOptions,
  Library,
  LibraryOptions,
  Manifest,
  MoveReport,
  ScanReport,
  SeparationRecord,
  SongEntry,
  SongMeta,
  StemRecord,
} from './types.js';

const log = getLogger('library');

async function defaultTrashItem(target: string): Promise<void> {
  const { default: trash } = await import('trash');
  await trash(target, { glob: false });
}

function namingSongOf(manifest: Manifest): NamingSong {
  return { ...manifest.song, addedAt: manifest.addedAt };
}

class FolderLibrary implements Library {
  private rootPath: string;
  private template: NamingTemplate;
  private readonly lock = new Mutex();
  /** Stem base names handed out per song, as name keys, so two calls never return the same name. */
  private readonly reservedStemNames = new Map<string, Set<string>>();
  private moving = false;

  constructor(
    root: string,
    template: NamingTemplate,
    private readonly clock: Clock,
    private readonly trashItem: (path: string) => Promise<void>,
    private readonly catalog: FolderCatalog,
  ) {
    this.rootPath = root;
    this.template = template;
  }

  get root(): string {
    return this.rootPath;
  }

  private get songs(): SongIndex {
    return this.catalog.songs;
  }

  /** Fills the catalog from the persisted index, if any, then scans, which re-reads only the folders changed since. */
  async open(): Promise<void> {
    await this.catalog.load(this.rootPath);
    await this.scan();
  }

  scan(): Promise<ScanReport> {
    return this.lock.run(() => this.catalog.scan(this.rootPath, this.clock.now()));
  }

  list(query: LibraryQuery): SongEntry[] {
    return this.songs.list(query ?? {});
  }

  get(songId: string): SongEntry | undefined {
    return this.songs.get(songId);
  }

  findBySunoId(sunoId: string): SongEntry | undefined {
    return this.songs.findBySunoId(sunoId);
  }

  summary(): LibrarySummaryDto {
    let stemCount = 0;
    let totalBytes = 0;
    for (const entry of this.songs.entries()) {
      stemCount += entry.manifest.stems.length;
      totalBytes += entry.bytes;
    }
    return { folder: this.rootPath, songCount: this.songs.size, stemCount, totalBytes };
  }

  setNamingTemplate(template: string): void {
    this.template = parseNamingTemplate(template);
  }

  /** Runs a write under the lock, refusing while the library is being moved. */
  private write<T>(task: () => Promise<T>): Promise<T> {
    if (this.moving) return Promise.reject(new AppError('storage', 'The library is being moved to another folder; try again when the move has finished.'));
    return this.lock.run(task);
  }

  private requireSong(songId: string): SongEntry {
    if (typeof songId !== 'string' || !SONG_ID_PATTERN.test(songId)) {
      throw new AppError('invalid_argument', `Invalid song id "${String(songId)}".`);
    }
    const entry = this.songs.get(songId);
    if (!entry) throw new AppError('not_found', `Song ${songId} is not in the library. Rescan the library if its folder was added by hand.`);
    return entry;
  }

  private requireWritable(songId: string): SongEntry {
    const entry = this.requireSong(songId);
    if (entry.readOnly) {
      throw new AppError('storage', `"${entry.folderName}" was written by a newer version of Stemcrate; update the app to change this song.`);
    }
    return entry;
  }

  /** Writes the manifest, then replaces the index entry with fresh disk usage. */
  private async saveManifest(entry: SongEntry, manifest: Manifest, directory = entry.directory, folderName = entry.folderName): Promise<SongEntry> {
    await checkSongDirectory(this.rootPath, directory);
    try {
      await writeManifest(directory, manifest);
    } catch (error) {
      log.error({ songId: manifest.songId, folder: folderName, err: error }, 'could not write a manifest');
      throw toStorageError(error, 'write the manifest in', folderName);
    }
    const updated: SongEntry = { manifest, directory, folderName, bytes: await folderBytes(directory) };
    await this.catalog.record(this.rootPath, updated, entry.folderName);
    return updated;
  }

  private indexedFolderNames(): string[] {
    return this.songs.entries().map((entry) => entry.folderName);
  }

  prepareSong(meta: SongMeta): Promise<SongEntry> {
    return this.write(async () => {
      if (meta.sunoId) {
        const existing = this.songs.findBySunoId(meta.sunoId);
        const present = existing && (await checkSongDirectory(this.rootPath, existing.directory).then(() => true, () => false));
        if (existing && present) {
          const merged = existing.readOnly ? null : mergeSongMeta(existing.manifest, meta);
          return merged ? this.saveManifest(existing, merged) : existing;
        }
        // The folder was deleted or moved by hand since the last scan: start a new one.
        if (existing) this.songs.delete(existing.manifest.songId);
      }

      let songId = meta.sunoId ? songIdForSunoId(meta.sunoId) : null;
      if (songId === null || this.songs.get(songId)) songId = newLocalSongId();
      const manifest = newManifest(songId, meta, this.clock.now());
      const base = renderFolderName(this.template, namingSongOf(manifest));
      const folderName = await createSongFolder(this.rootPath, base, this.indexedFolderNames());
      const directory = path.join(this.rootPath, folderName);
      log.info({ songId, folder: folderName }, 'created a song folder');
      return this.saveManifest({ manifest, directory, folderName, bytes: 0 }, manifest);
    });
  }

  stemBaseName(songId: string, stem: { key: string; label: string; mode: SeparationRecord['mode'] }): string {
    const entry = this.requireWritable(songId);
    const directory = checkSongDirectorySync(this.rootPath, entry.directory);
    const existingKeys = new Set<string>();
    for (const name of readdirSync(directory)) existingKeys.add(nameKey(path.parse(name).name));
    for (const recorded of entry.manifest.stems) existingKeys.add(nameKey(path.parse(recorded.fileName).name));
    let reserved = this.reservedStemNames.get(songId);
    if (!reserved) {
      reserved = new Set();
      this.reservedStemNames.set(songId, reserved);
    }
    const base = renderStemBaseName(this.template, namingSongOf(entry.manifest), stem);
    const chosen = uniqueName(base, MAX_BASE_NAME_BYTES, (candidate) => existingKeys.has(nameKey(candidate)) || reserved.has(nameKey(candidate)));
    reserved.add(nameKey(chosen));
    return chosen;
  }

  async addSeparation(songId: string, separation: SeparationRecord, stems: StemRecord[], options: AddSeparationOptions = {}): Promise<SongEntry> {
    const entry = this.requireWritable(songId);
    const directory = await checkSongDirectory(this.rootPath, entry.directory);
    // Decoding takes seconds per stem, so it runs before the lock is taken.
    const prepared = await measureSeparation(this.rootPath, directory, separation, stems, options);
    return this.write(async () => {
      const current = this.requireWritable(songId);
      const manifest = applySeparation(current.manifest, separation, prepared);
      const saved = await this.saveManifest(current, manifest);
      log.info({ songId, taskId: separation.taskId, stems: stems.length, warnings: prepared.warnings.length }, 'recorded a separation');
      return saved;
    });
  }

  setCover(songId: string, fileName: string): Promise<SongEntry> {
    return this.write(async () => {
      const entry = this.requireWritable(songId);
      if (typeof fileName !== 'string' || !isPlainName(fileName)) {
        throw new AppError('invalid_argument', `Invalid cover file name "${String(fileName)}": expected one file name inside the song folder.`);
      }
      const directory = await checkSongDirectory(this.rootPath, entry.directory);
      await realPathInside(this.rootPath, path.join(directory, fileName), `Cover "${fileName}"`);
      return this.saveManifest(entry, { ...entry.manifest, coverFile: fileName });
    });
  }

  update(songId: string, update: SongUpdate): Promise<SongEntry> {
    return this.write(async () => {
      const entry = this.requireWritable(songId);
      if (update === null || typeof update !== 'object') throw new AppError('invalid_argument', 'Invalid song update: expected an object.');
      const manifest = applySongUpdate(entry.manifest, update);
      if (manifest.song.title === entry.manifest.song.title) return this.saveManifest(entry, manifest);
      return this.renameSong(entry, manifest);
    });
  }

  /** Moves the folder to a collision-free name for the new title, then writes the manifest there. */
  private async renameSong(entry: SongEntry, manifest: Manifest): Promise<SongEntry> {
    const oldDirectory = await checkSongDirectory(this.rootPath, entry.directory);
    const base = renderFolderName(this.template, namingSongOf(manifest));
    if (base === entry.folderName) return this.saveManifest(entry, manifest);

    let folderName: string;
    try {
      folderName = await renameSongFolder(this.rootPath, oldDirectory, entry.folderName, base, this.indexedFolderNames());
    } catch (error) {
      log.error({ songId: manifest.songId, folder: entry.folderName, err: error }, 'could not rename a song folder');
      throw error;
    }
    const directory = path.join(this.rootPath, folderName);
    this.catalog.forgetFolder(entry.folderName);
    this.reservedStemNames.delete(manifest.songId);
    try {
      return await this.saveManifest(entry, manifest, await realpath(directory), folderName);
    } catch (error) {
      // Put the folder back so the index, the folder name and the manifest agree again.
      await rename(directory, oldDirectory).catch((undo: unknown) => log.error({ songId: manifest.songId, err: undo }, 'could not undo a folder rename'));
      throw error;
    }
  }

  trash(songId: string): Promise<void> {
    return this.write(async () => {
      const entry = this.requireSong(songId);
      const directory = await checkSongDirectory(this.rootPath, entry.directory);
      try {
        await this.trashItem(directory);
      } catch (error) {
        log.error({ songId, folder: entry.folderName, err: error }, 'could not move a song to the trash');
        throw toStorageError(error, 'move to the trash', entry.folderName);
      }
      this.reservedStemNames.delete(songId);
      log.info({ songId, folder: entry.folderName }, 'moved a song to the trash');
      await this.catalog.remove(this.rootPath, songId, entry.folderName);
    });
  }

  async resolveStem(stemId: string): Promise<string> {
    const { songId, fileName } = parseStemId(stemId);
    return resolveStemFile(this.rootPath, this.requireSong(songId), fileName);
  }

  async resolveCover(songId: string): Promise<string | null> {
    return resolveCoverFile(this.rootPath, this.requireSong(songId));
  }

  moveLibrary(newRoot: string): Promise<MoveReport> {
    return this.write(async () => {
      const target = await checkMoveTarget(this.rootPath, newRoot);
      this.moving = true;
      try {
        const report = await moveLibraryFiles(this.rootPath, target);
        this.rootPath = await realpath(target);
        this.catalog.forgetStamps();
        this.reservedStemNames.clear();
        await this.catalog.scan(this.rootPath, this.clock.now());
        return report;
      } finally {
        this.moving = false;
      }
    });
  }
}

/** Creates the library folder when missing, resolves its real path, loads the persisted index and scans. */
export async function createLibrary(options: LibraryOptions): Promise<Library> {
  if (typeof options.root !== 'string' || options.root.trim() === '') {
    throw new AppError('invalid_argument', 'Invalid library folder: the path is empty. Choose a folder in the settings.');
  }
  const template = parseNamingTemplate(options.namingTemplate ?? DEFAULT_NAMING_TEMPLATE);
  let root: string;
  try {
    await mkdir(options.root, { recursive: true });
    root = await realpath(options.root);
  } catch (error) {
    throw toStorageError(error, 'open the library folder', options.root);
  }
  const indexFile = options.dataDir ? new LibraryIndexFile(path.join(options.dataDir, LIBRARY_INDEX_FILE)) : null;
  const library = new FolderLibrary(root, template, options.clock ?? systemClock, options.trashItem ?? defaultTrashItem, new FolderCatalog(indexFile));
  await library.open();
  return library;
}
