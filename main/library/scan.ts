// A full pass over the library root: every song folder read (or reused when unchanged since the
// last pass), duplicate song ids resolved, and a report of what was found.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { getLogger } from '../log/logger.js';
import { listRoot, type FolderListing, type FolderStamp } from './folder-listing.js';
import { readSongFolder, newLocalSongId } from './folder-reader.js';
import { manifestPath, withWarnings, writeManifest } from './manifest.js';
import { compareText } from './search.js';
import type { ScanReport, SongEntry } from './types.js';

export type { FolderListing, FolderStamp } from './folder-listing.js';

const log = getLogger('library');

/** Song folders read at the same time; enough to overlap disk waits without flooding the thread pool. */
const SCAN_CONCURRENCY = 16;

/** A stamp that matches no folder, for entries the library has just written itself. */
export const STALE_STAMP: FolderStamp = { folderMtimeMs: -1, manifestMtimeMs: -1, manifestSize: -1 };

export interface CachedFolder {
  stamp: FolderStamp;
  entry: SongEntry;
}

/** Folders as the previous scan or the persisted index found them, by folder name. */
export type ScanCache = Map<string, CachedFolder>;

export interface ScanResult {
  entries: SongEntry[];
  report: ScanReport;
  cache: ScanCache;
}

/** Returns the folder's current stamp, or null when the folder or its manifest is missing. */
export async function stampOf(directory: string): Promise<FolderStamp | null> {
  try {
    const [folder, manifest] = await Promise.all([stat(directory), stat(manifestPath(directory))]);
    return { folderMtimeMs: folder.mtimeMs, manifestMtimeMs: manifest.mtimeMs, manifestSize: manifest.size };
  } catch {
    return null;
  }
}

export function sameStamp(a: FolderStamp, b: FolderStamp): boolean {
  return a.folderMtimeMs === b.folderMtimeMs && a.manifestMtimeMs === b.manifestMtimeMs && a.manifestSize === b.manifestSize;
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Reads every folder directly under `root`. Hidden entries, plain files and symbolic links at the
 * top level are skipped (a linked folder would index the same song twice). A folder whose stamp
 * matches `cache` is reused without reading its files. `listing`, when given, must be a listing of
 * the root taken since the last change; a warm start takes it on a worker thread. Without it, the
 * root is listed here.
 *
 * NOTE: stem sizes come from the manifest, and a stem file rewritten in place by hand changes
 * neither stamp, so such a file's size stays stale until the manifest or the listing changes.
 */
export async function scanRoot(root: string, cache: ScanCache, now: number, listing?: FolderListing): Promise<ScanResult> {
  const report: ScanReport = { songs: 0, imported: 0, rebuilt: 0, warnings: [] };
  const found: { folderName: string; entry: SongEntry; stamp: FolderStamp | null }[] = [];
  const { folders, links, stamps } = listing ?? (await listRoot(root, (folderName) => cache.has(folderName)));
  for (const link of links) report.warnings.push(`${link} is a link, not a folder; links in the library folder are skipped.`);

  const changed: string[] = [];
  for (const [position, folderName] of folders.entries()) {
    const cached = cache.get(folderName);
    const stamp = stamps[position] ?? null;
    if (cached && stamp && sameStamp(stamp, cached.stamp)) found.push({ folderName, entry: cached.entry, stamp: cached.stamp });
    else changed.push(folderName);
  }

  await forEachLimited(changed, SCAN_CONCURRENCY, async (folderName) => {
    const directory = path.join(root, folderName);
    try {
      const cached = cache.get(folderName);
      // Taken before reading: a change made while the folder is read leaves an older stamp, so
      // the next scan reads the folder again.
      const folderMtimeMs = (await stat(directory)).mtimeMs;
      const read = await readSongFolder({ root, directory, now, previous: cached?.entry.manifest });
      if (!read) return;
      report.warnings.push(...read.warnings);
      if (read.imported) report.imported++;
      if (read.rebuilt) report.rebuilt++;
      const entry: SongEntry = { manifest: read.manifest, directory, folderName, bytes: read.bytes };
      if (read.readOnly) entry.readOnly = true;
      const stamp = read.manifestStamp
        ? { folderMtimeMs, manifestMtimeMs: read.manifestStamp.mtimeMs, manifestSize: read.manifestStamp.bytes }
        : await stampOf(directory);
      found.push({ folderName, entry, stamp });
    } catch (error) {
      log.error({ folder: folderName, err: error }, 'could not read a song folder');
      report.warnings.push(`${folderName}: could not be read (${(error as Error).message}).`);
    }
  });

  // Folder name order makes the choice of which copy keeps a duplicated id repeatable.
  found.sort((a, b) => compareText(a.folderName, b.folderName));
  const seen = new Map<string, string>();
  const result: SongEntry[] = [];
  const nextCache: ScanCache = new Map();
  for (const item of found) {
    let entry = item.entry;
    const songId = entry.manifest.songId;
    const owner = seen.get(songId);
    if (owner !== undefined && !entry.readOnly) {
      entry = await giveNewSongId(entry, owner);
      report.warnings.push(`${item.folderName}: song id ${songId} is also used by "${owner}" (a copied folder?); this folder got a new id.`);
      item.stamp = await stampOf(entry.directory);
    } else if (owner !== undefined) {
      report.warnings.push(`${item.folderName}: song id ${songId} is also used by "${owner}"; the folder was skipped because a newer app version owns its manifest.`);
      continue;
    }
    seen.set(entry.manifest.songId, item.folderName);
    result.push(entry);
    if (item.stamp) nextCache.set(item.folderName, { stamp: item.stamp, entry });
  }

  report.songs = result.length;
  log.info({ songs: report.songs, imported: report.imported, rebuilt: report.rebuilt, warnings: report.warnings.length }, 'library scanned');
  return { entries: result, report, cache: nextCache };
}

async function giveNewSongId(entry: SongEntry, owner: string): Promise<SongEntry> {
  const warning = `The song id ${entry.manifest.songId} was already used by the folder "${owner}", so this folder got a new id.`;
  const manifest = { ...entry.manifest, songId: newLocalSongId(), warnings: withWarnings(entry.manifest.warnings, [warning]) };
  await writeManifest(entry.directory, manifest);
  return { ...entry, manifest };
}
