// The in-memory song index: each song's search words in a word index, filters, and cached sort
// orders.
import type { LibraryQuery, SeparationMode } from '../../preload/contract.js';
import type { Manifest, SongEntry } from './types.js';
import { WordIndex } from './word-index.js';

/**
 * Folds text for case- and accent-insensitive matching: compatibility decomposition, combining
 * marks removed, lower case (`Café` and `CAFE` both become `cafe`).
 */
export function foldText(text: string): string {
  // ASCII text has no decompositions and no combining marks, so lower case is all it needs. The
  // shortcut skips the normalization for most of the 10,000 titles folded at a start.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const NON_ASCII = /[^\p{ASCII}]/u;

interface IndexedSong {
  entry: SongEntry;
  sortTitle: string;
  modes: ReadonlySet<SeparationMode>;
  durationSeconds: number;
  /** The song's search words as ids into the owning index's vocabulary. */
  wordIds: Int32Array;
  /** Document number in the owning index's word index; -1 while not indexed. */
  documentNumber: number;
}

/** A song with its search words as ids into a stored vocabulary, as the persisted index keeps them. */
export interface PreloadedSong {
  entry: SongEntry;
  wordIds: Int32Array;
}

type SortKey = NonNullable<LibraryQuery['sort']>;

function durationOf(entry: SongEntry): number {
  const manifest = entry.manifest;
  if (manifest.song.durationSeconds !== null) return manifest.song.durationSeconds;
  return Math.max(0, ...manifest.stems.map((stem) => stem.durationSeconds ?? 0));
}

/**
 * Returns the distinct folded words of title, style tags, user tags, stem labels and lyrics.
 * Query terms contain no spaces, so a term is found in these words exactly when it is found in
 * the full text, and lyrics shrink to their vocabulary.
 *
 * NOTE: the persisted index stores these words, so a change to the fields or to `foldText` must
 * raise INDEX_FORMAT_VERSION in index-codec.ts, or old indexes keep the old words.
 */
export function searchWords(manifest: Manifest): string[] {
  const fields = [manifest.song.title, manifest.song.styleTags, ...manifest.tags, ...manifest.stems.map((stem) => stem.label), manifest.song.lyrics];
  const words = new Set(foldText(fields.join(' ')).split(/\s+/u));
  words.delete('');
  return [...words];
}

/** Mode sets shared by all songs, by (has vocal) + 2 × (has instrumental): one set per song cost 10,000 sets. */
const MODE_SETS: readonly ReadonlySet<SeparationMode>[] = [new Set(), new Set(['vocal']), new Set(['instrumental']), new Set(['vocal', 'instrumental'])];

function describeSong(entry: SongEntry, wordIds: Int32Array): IndexedSong {
  const manifest = entry.manifest;
  let hasVocal = false;
  let hasInstrumental = false;
  for (const { mode } of [...manifest.separations, ...manifest.stems]) {
    if (mode === 'vocal') hasVocal = true;
    else hasInstrumental = true;
  }
  const modes = MODE_SETS[(hasVocal ? 1 : 0) + (hasInstrumental ? 2 : 0)] as ReadonlySet<SeparationMode>;
  return { entry, sortTitle: foldText(manifest.song.title), modes, durationSeconds: durationOf(entry), wordIds, documentNumber: -1 };
}

const COMPARATORS: Record<SortKey, (a: IndexedSong, b: IndexedSong) => number> = {
  // Newest first: the usual order of a "recently added" list.
  added: (a, b) => b.entry.manifest.addedAt - a.entry.manifest.addedAt || compareText(a.sortTitle, b.sortTitle),
  title: (a, b) => compareText(a.sortTitle, b.sortTitle) || a.entry.manifest.addedAt - b.entry.manifest.addedAt,
  // Shortest first; songs of unknown duration (0) come first.
  duration: (a, b) => a.durationSeconds - b.durationSeconds || compareText(a.sortTitle, b.sortTitle),
};

/** Compares by UTF-16 code units: fast, and stable across locales, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/**
 * The searchable index of all songs. Entries are immutable snapshots: a change replaces the
 * song's entry, so lists returned earlier stay consistent.
 */
export class SongIndex {
  private readonly songs = new Map<string, IndexedSong>();
  private readonly bySunoId = new Map<string, string>();
  private readonly sorted = new Map<SortKey, IndexedSong[]>();
  private readonly words = new WordIndex();
  /** Index records by entry object, so a rescan that reuses unchanged entries skips re-folding their text. */
  private readonly indexed = new WeakMap<SongEntry, IndexedSong>();

  get size(): number {
    return this.songs.size;
  }

  get(songId: string): SongEntry | undefined {
    return this.songs.get(songId)?.entry;
  }

  findBySunoId(sunoId: string): SongEntry | undefined {
    const songId = this.bySunoId.get(sunoId);
    return songId === undefined ? undefined : this.get(songId);
  }

  entries(): SongEntry[] {
    return [...this.songs.values()].map((song) => song.entry);
  }

  put(entry: SongEntry): void {
    const songId = entry.manifest.songId;
    let song = this.indexed.get(entry);
    if (!song) {
      song = describeSong(entry, this.words.intern(searchWords(entry.manifest)));
      this.indexed.set(entry, song);
    }
    const previous = this.songs.get(songId);
    if (previous === song) return;
    if (previous) this.forget(previous);

    this.songs.set(songId, song);
    song.documentNumber = this.words.addWordIds(song.wordIds);
    const sunoId = entry.manifest.song.sunoId;
    // The first song indexed for a Suno id keeps it; a hand-made copy of the folder does not take it over.
    if (sunoId && !this.bySunoId.has(sunoId)) this.bySunoId.set(sunoId, songId);
    this.sorted.clear();
  }

  delete(songId: string): void {
    const previous = this.songs.get(songId);
    if (!previous) return;
    this.forget(previous);
    this.sorted.clear();
  }

  /** Removes a song from every map, handing its Suno id to another song with the same id, if any. */
  private forget(song: IndexedSong): void {
    const songId = song.entry.manifest.songId;
    this.songs.delete(songId);
    if (song.documentNumber !== -1) this.words.remove(song.documentNumber);
    song.documentNumber = -1;
    const sunoId = song.entry.manifest.song.sunoId;
    if (sunoId && this.bySunoId.get(sunoId) === songId) {
      this.bySunoId.delete(sunoId);
      const other = [...this.songs.values()].find((candidate) => candidate.entry.manifest.song.sunoId === sunoId);
      if (other) this.bySunoId.set(sunoId, other.entry.manifest.songId);
    }
  }

  /**
   * Adds songs whose search words were computed earlier, as ids into `vocabulary`, and skips
   * folding their text. The index may keep the `wordIds` arrays, so callers must not change them.
   * Throws RangeError when an id is outside `vocabulary`.
   */
  preload(vocabulary: readonly string[], songs: readonly PreloadedSong[]): void {
    const ownIds = this.words.intern(vocabulary);
    // Into an empty index the ids come back unchanged, and the arrays are used as they are:
    // `addWordIds` then rejects an id outside the vocabulary itself.
    const unchanged = this.words.wordCount === vocabulary.length && ownIds.every((own, id) => own === id);
    for (const { entry, wordIds } of songs) {
      let mapped = wordIds;
      if (!unchanged) {
        mapped = wordIds.map((id) => {
          const own = ownIds[id];
          if (own === undefined) throw new RangeError(`Word id ${id} is outside the vocabulary of ${vocabulary.length} words.`);
          return own;
        });
      }
      this.indexed.set(entry, describeSong(entry, mapped));
      this.put(entry);
    }
  }

  /** Returns the song's search words as ids for {@link searchWord}, or undefined for an unknown song. The array must not be changed. */
  searchWordIds(songId: string): Int32Array | undefined {
    return this.songs.get(songId)?.wordIds;
  }

  /** Returns the word for an id from {@link searchWordIds}. */
  searchWord(id: number): string {
    return this.words.word(id);
  }

  /** Number of words that {@link searchWord} accepts; ids run from 0 to this count minus one. */
  get searchWordCount(): number {
    return this.words.wordCount;
  }

  /** Replaces the whole index; songs whose entry object is unchanged keep their index records. */
  replaceAll(entries: readonly SongEntry[]): void {
    const remainingIds = new Set(entries.map((entry) => entry.manifest.songId));
    for (const songId of [...this.songs.keys()]) if (!remainingIds.has(songId)) this.delete(songId);
    for (const entry of entries) this.put(entry);
    this.sorted.clear();
  }

  private sortedBy(key: SortKey): IndexedSong[] {
    let list = this.sorted.get(key);
    if (!list) {
      list = [...this.songs.values()].sort(COMPARATORS[key]);
      this.sorted.set(key, list);
    }
    return list;
  }

  /**
   * Returns the songs that match every word of `query.text` (in any indexed field) and the
   * filters, in the requested order (default: newest first).
   */
  list(query: LibraryQuery): SongEntry[] {
    const terms = foldText(query.text ?? '')
      .split(/\s+/u)
      .filter((term) => term !== '');
    const matches = terms.map((term) => this.words.match(term));
    const result: SongEntry[] = [];
    for (const song of this.sortedBy(query.sort ?? 'added')) {
      if (query.favouritesOnly && !song.entry.manifest.favourite) continue;
      if (query.mode && !song.modes.has(query.mode)) continue;
      if (!matches.every((match) => match[song.documentNumber] === 1)) continue;
      result.push(song.entry);
    }
    return result;
  }
}
