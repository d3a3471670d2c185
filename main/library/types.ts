// The library as the rest of the main process sees it: one folder per song with its stems, cover
// and a versioned manifest. Only main/library/ writes inside the library folder (the downloader
// writes only into folders the library hands it).
import type { LibraryQuery, SeparationMode, SongUpdate } from '../../preload/contract.js';

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
  bytes: number;
}

export interface ScanReport {
  songs: number;
  imported: number;
  rebuilt: number;
  warnings: string[];
}

export interface Library {
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
  /** Records a separation and its downloaded stems in the manifest (atomic write). */
  addSeparation(songId: string, separation: SeparationRecord, stems: StemRecord[]): Promise<SongEntry>;
  update(songId: string, update: SongUpdate): Promise<SongEntry>;
  /** Moves the song folder to the operating system's trash. */
  trash(songId: string): Promise<void>;
  /** Resolves `<songId>/<fileName>` to a real file path inside the library, or throws. */
  resolveStem(stemId: string): Promise<string>;
  /** Resolves a song's cover file to a real path inside the library, or null. */
  resolveCover(songId: string): Promise<string | null>;
}
