// The part of a song the library list shows. The store keeps these in place of the songs main
// sends, because each song arrives with every stem and media URL. That is about 5 KB per 13-stem
// song, which would stay in memory for as long as the list is loaded.
import type { SeparationMode, SongDto } from '../../preload/contract.js';

export interface LibraryRow {
  id: string;
  title: string;
  styleTags: string;
  durationSeconds: number | null;
  addedAt: number;
  favourite: boolean;
  coverUrl: string | null;
  separationCount: number;
  /** Modes of the song's separations, each once, in the order of the separations. */
  modes: SeparationMode[];
  stemCount: number;
}

export function toLibraryRow(song: SongDto): LibraryRow {
  return {
    id: song.id,
    title: song.title,
    styleTags: song.styleTags,
    durationSeconds: song.durationSeconds,
    addedAt: song.addedAt,
    favourite: song.favourite,
    coverUrl: song.coverUrl,
    separationCount: song.separations.length,
    modes: [...new Set(song.separations.map((separation) => separation.mode))],
    stemCount: song.stems.length,
  };
}
