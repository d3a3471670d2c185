// The library's catalog of song folders: the search index, each folder's stamp from its last
// read, and the persisted index that carries both across restarts. The library holds its lock
// around every call that changes the catalog.
import { listRootInWorker, type FolderListing } from './folder-listing.js';
import { LibraryIndexFile } from './index-store.js';
import { STALE_STAMP, scanRoot, stampOf, type ScanCache } from './scan.js';
import { SongIndex } from './search.js';
import type { ScanReport, SongEntry } from './types.js';

export class FolderCatalog {
  readonly songs = new SongIndex();
  private folders: ScanCache = new Map();
  /** The root's listing taken during `load`, for the scan that follows it. */
  private pendingListing: { root: string; listing: FolderListing } | null = null;

  /** `file` is the persisted index; null keeps the catalog in memory only. */
  constructor(private readonly file: LibraryIndexFile | null) {}

  /**
   * Fills the catalog from the persisted index of `root`, when there is a usable one. Meanwhile a
   * worker thread lists and stamps the song folders for the next scan, which the caller must run
   * before any other change to the catalog.
   */
  async load(root: string): Promise<void> {
    if (!this.file) return;
    const listing = listRootInWorker(root);
    const loaded = await this.file.load(root);
    if (loaded) {
      this.folders = loaded.folders;
      this.songs.preload(loaded.vocabulary, loaded.songs);
    }
    const listed = await listing;
    this.pendingListing = listed ? { root, listing: listed } : null;
  }

  /** Reads the folders of `root` that changed since their last read, replaces the catalog with the result and saves the persisted index. */
  async scan(root: string, now: number): Promise<ScanReport> {
    const pending = this.pendingListing?.root === root ? this.pendingListing.listing : undefined;
    this.pendingListing = null;
    const result = await scanRoot(root, this.folders, now, pending);
    this.folders = result.cache;
    this.songs.replaceAll(result.entries);
    await this.file?.save(root, this.folders, this.songs, 'scan');
    return result.report;
  }

  /** Forgets every folder's stamp, so the next scan reads every folder. */
  forgetStamps(): void {
    this.folders = new Map();
    this.pendingListing = null;
  }

  /** Forgets one folder's stamp and entry, so the next scan reads it as a new folder. */
  forgetFolder(folderName: string): void {
    this.folders.delete(folderName);
    this.pendingListing = null;
  }

  /**
   * Records an entry whose manifest the library has just written, in place of the entry under
   * `previousFolderName`, and saves the persisted index.
   */
  async record(root: string, entry: SongEntry, previousFolderName: string): Promise<void> {
    // The stamp is taken after the write, so the next scan reuses this entry. Without a stamp, a
    // stale one makes the next scan read the folder again, and the entry stays at hand to rescue
    // the song id if the file is damaged before then.
    // NOTE: a file added to the folder between the write and the stat (a download finishing its
    // rename) is not imported by a scan until the folder changes again.
    const stamp = (await stampOf(entry.directory)) ?? STALE_STAMP;
    this.pendingListing = null;
    this.folders.delete(previousFolderName);
    this.folders.set(entry.folderName, { stamp, entry });
    this.songs.put(entry);
    await this.file?.save(root, this.folders, this.songs, 'change');
  }

  /** Removes a song whose folder is gone (moved to the trash) and saves the persisted index. */
  async remove(root: string, songId: string, folderName: string): Promise<void> {
    this.songs.delete(songId);
    this.folders.delete(folderName);
    this.pendingListing = null;
    await this.file?.save(root, this.folders, this.songs, 'change');
  }
}
