// The library as the rest of the main process sees it: one folder per song with its stems, cover
// and a versioned manifest. Only main/library/ writes inside the library folder (the downloader
// writes only into folders the library hands it).
import type { LibraryQuery, LibrarySummaryDto, SeparationMode, SongUpdate } from '../../preload/contract.js';
import type { Clock } from '../util/clock.js';

export const MANIFEST_FILE = 'stemcrate.json';
export const MANIFEST_VERSION = 1;

export interface SongMeta {
  sunoId: string | null;
  generationTaskId: string | null;
  title: string;
  styleTags: string;
  prompt: string;
  lyrics: string;
  model: string | null;
  durationSeconds: number | null;
  /** Song creation time at the provider, ms since the epoch, when known. */
  createdAt: number | null;
  coverUrl: string | null;
}

export interface SeparationRecord {
  taskId: string;
  mode: SeparationMode;
  createdAt: number;
  completedAt: number | null;
  credits: number | null;
}

export interface StemRecord {
  key: string;
  sourceKey: string;
  label: string;
  mode: SeparationMode;
  /** Provider separation task id; empty for a file imported from a hand-made folder. */
  taskId: string;
  fileName: string;
  bytes: number;
  sha256: string;
  durationSeconds: number | null;
  nearSilent: boolean;
}

export interface Manifest {
  version: number;
  songId: string;
  song: SongMeta;
  addedAt: number;
  favourite: boolean;
  notes: string;
  tags: string[];
  coverFile: string | null;
  separations: SeparationRecord[];
  stems: StemRecord[];
  warnings: string[];
}

export interface SongEntry {
  manifest: Manifest;
  /** Absolute, real path of the song folder. */
  directory: string;
  folderName: string;
  /** Disk usage of the song folder (all regular files), in bytes. */
  bytes: number;
  /** True when a newer app version wrote the manifest; the library then refuses to change the song. */
  readOnly?: boolean;
}

export interface ScanReport {
  songs: number;
  imported: number;
  rebuilt: number;
  warnings: string[];
}

/** A promised stem that is absent for a known reason (the provider sent no URL, the link expired). */
export interface ExplainedStem {
  key: string;
  reason: string;
}

export interface AddSeparationOptions {
  /** Stems the mode promises that were not downloaded, with the reason, so the check does not report them as lost. */
  explained?: ExplainedStem[];
}

export interface MoveReport {
  from: string;
  to: string;
  files: number;
  bytes: number;
  /** Entries not moved (symbolic links), relative to the old root; they stay where they were. */
  skipped: string[];
}

export interface LibraryOptions {
  /** Library folder; created when missing. */
  root: string;
  /** Moves a folder to the operating system's trash; defaults to the `trash` package. */
  trashItem?: (path: string) => Promise<void>;
  /** Naming template (see naming.ts); defaults to `{title} - {stem}` in a `{title}` folder. */
  namingTemplate?: string;
  clock?: Clock;
  /**
   * The app's data folder. The library keeps its index cache there (`library-index.ndjson`), so a
   * start stats each song folder instead of reading every manifest. Without it, every start reads
   * every folder.
   */
  dataDir?: string;
}

export interface Library {
  /** Absolute, real path of the library folder; changes only through `moveLibrary`. */
  readonly root: string;
  /** Reads every song folder into the in-memory index; imports folders without a manifest. */
  scan(): Promise<ScanReport>;
  list(query: LibraryQuery): SongEntry[];
  get(songId: string): SongEntry | undefined;
  findBySunoId(sunoId: string): SongEntry | undefined;
  /** Returns the song for `meta.sunoId`, creating its folder and manifest when new. */
  prepareSong(meta: SongMeta): Promise<SongEntry>;
  /** Returns a collision-free stem base name (no extension) inside the song folder. */
  stemBaseName(songId: string, stem: { key: string; label: string; mode: SeparationMode }): string;
  /**
   * Records a separation and its downloaded stems in the manifest (atomic write). Stems with a
   * null duration are measured first: MP3 files are decoded for length and near-silence. The set
   * is then checked against the mode, and each problem becomes a manifest warning.
   */
  addSeparation(songId: string, separation: SeparationRecord, stems: StemRecord[], options?: AddSeparationOptions): Promise<SongEntry>;
  /** Records `fileName`, already written into the song folder, as the song's cover image. */
  setCover(songId: string, fileName: string): Promise<SongEntry>;
  update(songId: string, update: SongUpdate): Promise<SongEntry>;
  /** Moves the song folder to the operating system's trash. */
  trash(songId: string): Promise<void>;
  /** Resolves `<songId>/<fileName>` to a real file path inside the library, or throws. */
  resolveStem(stemId: string): Promise<string>;
  /** Resolves a song's cover file to a real path inside the library, or null. */
  resolveCover(songId: string): Promise<string | null>;
  /** Song count, stem count and total disk usage. */
  summary(): LibrarySummaryDto;
  /** Validates and applies a new naming template to songs and stems named from now on. */
  setNamingTemplate(template: string): void;
  /**
   * Moves every file to `newRoot` (copy, verify by sha256, then remove the originals) and rescans
   * there. Rejects a non-empty target or one inside the current library.
   */
  moveLibrary(newRoot: string): Promise<MoveReport>;
}
