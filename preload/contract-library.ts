// Library types of the IPC contract: songs, stems, waveforms and library edits. Like
// contract.ts, this file contains only types and imports nothing but the contract's own types.
import type { SeparationMode } from './contract.js';


export interface StemDto {
  /** Library id: `<songId>/<file name>`; the only way the renderer names a stem. */
  id: string;
  key: string;
  label: string;
  mode: SeparationMode;
  /** Separation task that produced the stem, so the song view can group stems per separation. */
  taskId?: string;
  fileName: string;
  bytes: number;
  durationSeconds: number | null;
  nearSilent: boolean;
  /** URL the renderer's audio element can play (custom protocol or loopback host). */
  mediaUrl: string;
}

export interface SeparationDto {
  taskId: string;
  mode: SeparationMode;
  createdAt: number;
  completedAt: number | null;
  credits: number | null;
}

export interface SongDto {
  id: string;
  title: string;
  sunoId: string | null;
  generationTaskId: string | null;
  tags: string[];
  styleTags: string;
  durationSeconds: number | null;
  addedAt: number;
  favourite: boolean;
  notes: string;
  coverUrl: string | null;
  separations: SeparationDto[];
  stems: StemDto[];
  bytes: number;
}

export interface SongDetailDto extends SongDto {
  prompt: string;
  lyrics: string;
  model: string | null;
  folderName: string;
  warnings: string[];
}

/**
 * One song as the library list shows it. It carries counts in place of stems, so the list of a
 * 10,000-song library stays a few MiB; the song view reads the stems with `library.get`.
 */
export interface SongListItemDto {
  id: string;
  title: string;
  styleTags: string;
  tags: string[];
  durationSeconds: number | null;
  addedAt: number;
  favourite: boolean;
  coverUrl: string | null;
  separationCount: number;
  /** Modes of the song's separations, each once, in the order of the separations. */
  modes: SeparationMode[];
  stemCount: number;
  bytes: number;
}

export interface LibraryQuery {
  text?: string;
  mode?: SeparationMode;
  favouritesOnly?: boolean;
  sort?: 'added' | 'title' | 'duration';
}

/** Waveform of one stem: the highest magnitude per slot of `1 / peaksPerSecond` seconds, 0–255. */
export interface WaveformDto {
  peaksPerSecond: number;
  durationSeconds: number;
  peaks: number[];
}

export interface LibrarySummaryDto {
  folder: string;
  songCount: number;
  stemCount: number;
  totalBytes: number;
}

export interface SongUpdate {
  tags?: string[];
  favourite?: boolean;
  notes?: string;
  title?: string;
}
