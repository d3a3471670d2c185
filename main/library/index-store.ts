// The persisted library index: every song folder's manifest, disk usage and search words with the
// stamp that proves them current, so a start reads one file and stats each folder instead of
// reading 10,000 manifests. It is only a cache: the manifests stay the source of truth, and a
// missing, damaged or foreign index is ignored and rebuilt.
import { isAscii } from 'node:buffer';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { getLogger } from '../log/logger.js';
import { decodeHeader, decodeLine, encodeFolderLine, encodeHeader, encodeRemovedLine, INDEX_FORMAT_VERSION } from './index-codec.js';
import { childPath } from './paths.js';
import { sameStamp, type CachedFolder, type ScanCache } from './scan.js';
import type { PreloadedSong, SongIndex } from './search.js';
import type { SongEntry } from './types.js';

const log = getLogger('library');

/** File name of the index inside the app's data folder. */
export const LIBRARY_INDEX_FILE = 'library-index.ndjson';

/** Superseded lines always tolerated before a full rewrite; above this, up to a quarter of the live lines. */
const MIN_SUPERSEDED_LINES = 1000;

/** Folder lines encoded between yields to the event loop during a full rewrite. */
const ENCODE_BATCH = 500;

export interface LoadedIndex {
  /** Folders with the stamp and entry the index holds for them, as a scan cache. */
  folders: ScanCache;
  vocabulary: string[];
  /** The same entries with their search words, for `SongIndex.preload`. */
  songs: PreloadedSong[];
}

/** Why the index is saved: after a scan, a failed write is retried; after a change, it is not. */
export type SaveReason = 'scan' | 'change';

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The index file: read once at start, then kept in line with the library by appending changed folders or rewriting it whole. */
export class LibraryIndexFile {
  /** The folders the file describes, as last read or written; null while its content is unknown (not read yet, or a write failed). */
  private written: Map<string, CachedFolder> | null = null;
  private writtenRoot: string | null = null;
  /** Folder and removal lines in the file, superseded ones included. */
  private lineCount = 0;
  private hasDamagedLines = false;
  private writeFailed = false;

  constructor(readonly file: string) {}

  /** Reads the index for `root`; returns null when it is missing, unreadable, of another version or of another folder. */
  async load(root: string): Promise<LoadedIndex | null> {
    let data: Buffer;
    try {
      data = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file: this.file, err: error }, 'could not read the library index; rescanning every folder');
      return null;
    }
    const lines = isAscii(data) ? data.toString('latin1').split('\n') : [];
    const header = decodeHeader(lines[0] ?? '');
    let rejection: string | null = null;
    if (!header) rejection = 'not a library index';
    else if (header.version !== INDEX_FORMAT_VERSION) rejection = `format version ${header.version}, expected ${INDEX_FORMAT_VERSION}`;
    else if (header.root !== root) rejection = `describes another library folder (${header.root})`;
    if (!header || rejection !== null) {
      log.info({ file: this.file, reason: rejection }, 'ignored the library index; rescanning every folder');
      return null;
    }

    const vocabulary = [...header.vocabulary];
    let wordIds: Map<string, number> | null = null;
    const idOf = (word: string): number => {
      wordIds ??= new Map(vocabulary.map((known, id) => [known, id]));
      let id = wordIds.get(word);
      if (id === undefined) {
        id = vocabulary.length;
        vocabulary.push(word);
        wordIds.set(word, id);
      }
      return id;
    };

    const folders: ScanCache = new Map();
    const words = new Map<string, Int32Array>();
    let lineCount = 0;
    let damaged = 0;
    for (let number = 1; number < lines.length; number++) {
      const text = lines[number] as string;
      if (text === '') continue;
      lineCount++;
      const line = decodeLine(text, header.vocabulary.length);
      if (!line) {
        damaged++;
        continue;
      }
      if (line.kind === 'removed') {
        folders.delete(line.folderName);
        words.delete(line.folderName);
        continue;
      }
      const entry: SongEntry = { manifest: line.manifest, directory: childPath(root, line.folderName), folderName: line.folderName, bytes: line.bytes };
      if (line.readOnly) entry.readOnly = true;
      folders.set(line.folderName, { stamp: line.stamp, entry });
      words.set(line.folderName, line.wordIds ?? Int32Array.from(line.words ?? [], idOf));
    }

    this.written = new Map(folders);
    this.writtenRoot = root;
    this.lineCount = lineCount;
    this.hasDamagedLines = damaged > 0;
    if (damaged > 0) log.warn({ file: this.file, damaged }, 'skipped damaged lines in the library index; those folders are read again');
    const songs = [...folders].map(([folderName, folder]) => ({ entry: folder.entry, wordIds: words.get(folderName) as Int32Array }));
    return { folders, vocabulary, songs };
  }

  /**
   * Brings the file in line with `folders`: appends a line per changed or removed folder, or
   * rewrites the whole file when it describes another root, has damaged lines, or would contain
   * too many superseded lines. Never throws: a failed write is logged, and after a change the
   * index is not written again until the next scan.
   */
  async save(root: string, folders: ScanCache, index: SongIndex, reason: SaveReason): Promise<void> {
    if (this.writeFailed && reason === 'change') return;
    try {
      const appended = this.written && this.writtenRoot === root && !this.hasDamagedLines ? this.changedLines(folders, index) : null;
      if (appended && appended.lines.length === 0) return;
      const superseded = this.lineCount + (appended?.lines.length ?? 0) - folders.size;
      if (appended && this.written && superseded <= Math.max(MIN_SUPERSEDED_LINES, folders.size / 4)) {
        await appendFile(this.file, `${appended.lines.join('\n')}\n`);
        for (const folderName of appended.removed) this.written.delete(folderName);
        for (const [folderName, folder] of appended.updated) this.written.set(folderName, folder);
        this.lineCount += appended.lines.length;
      } else {
        await this.rewrite(root, folders, index);
      }
      this.writeFailed = false;
    } catch (error) {
      // The file may now end in a partial line, so the next successful save rewrites it whole.
      this.written = null;
      this.writeFailed = true;
      log.warn({ file: this.file, err: error }, 'could not write the library index; the next start reads every changed folder again');
    }
  }

  /** Lines for the folders whose stamp or entry differs from the file, and for folders gone since. */
  private changedLines(folders: ScanCache, index: SongIndex): { lines: string[]; updated: [string, CachedFolder][]; removed: string[] } {
    const written = this.written ?? new Map<string, CachedFolder>();
    const lines: string[] = [];
    const updated: [string, CachedFolder][] = [];
    const removed: string[] = [];
    for (const [folderName, folder] of folders) {
      const before = written.get(folderName);
      if (before && before.entry === folder.entry && sameStamp(before.stamp, folder.stamp)) continue;
      const ids = wordIdsOf(index, folder.entry);
      // Without its search words the folder keeps its old line, whose stamp no longer matches.
      if (!ids) continue;
      const words = Array.from(ids, (id) => index.searchWord(id));
      lines.push(encodeFolderLine({ folderName, ...describeFolder(folder), words }));
      updated.push([folderName, folder]);
    }
    for (const folderName of written.keys()) {
      if (folders.has(folderName)) continue;
      lines.push(encodeRemovedLine(folderName));
      removed.push(folderName);
    }
    return { lines, updated, removed };
  }

  /** Writes the whole index atomically, with a vocabulary of only the words live songs use. */
  private async rewrite(root: string, folders: ScanCache, index: SongIndex): Promise<void> {
    const ownIds = new Int32Array(index.searchWordCount).fill(-1);
    const vocabulary: string[] = [];
    const lines: string[] = [];
    const written = new Map<string, CachedFolder>();
    for (const [folderName, folder] of folders) {
      const ids = wordIdsOf(index, folder.entry);
      if (!ids) continue;
      const wordIds = ids.map((id) => {
        let own = ownIds[id] as number;
        if (own === -1) {
          own = vocabulary.length;
          vocabulary.push(index.searchWord(id));
          ownIds[id] = own;
        }
        return own;
      });
      lines.push(encodeFolderLine({ folderName, ...describeFolder(folder), wordIds }));
      written.set(folderName, folder);
      if (lines.length % ENCODE_BATCH === 0) await yieldToEventLoop();
    }
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${[encodeHeader(root, vocabulary), ...lines].join('\n')}\n`);
    this.written = written;
    this.writtenRoot = root;
    this.lineCount = lines.length;
    this.hasDamagedLines = false;
    log.info({ file: this.file, songs: lines.length, words: vocabulary.length }, 'wrote the library index');
  }
}

function describeFolder(folder: CachedFolder): { stamp: CachedFolder['stamp']; bytes: number; readOnly: boolean; manifest: SongEntry['manifest'] } {
  return { stamp: folder.stamp, bytes: folder.entry.bytes, readOnly: folder.entry.readOnly === true, manifest: folder.entry.manifest };
}

/** Returns the entry's search word ids, or null when the song index contains another entry under its song id. */
function wordIdsOf(index: SongIndex, entry: SongEntry): Int32Array | null {
  const songId = entry.manifest.songId;
  if (index.get(songId) !== entry) return null;
  return index.searchWordIds(songId) ?? null;
}
