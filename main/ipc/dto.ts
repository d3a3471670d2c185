// Conversion of library entries to the DTOs sent to the renderer: ids and media URLs, never paths.
import type { LibrarySummaryDto, SongDetailDto, SongDto, SongListItemDto, StemDto } from '../../preload/contract.js';
import type { SongEntry } from '../library/types.js';

/** Builds renderer-facing URLs for library media under one base (custom protocol or loopback host). */
export class MediaUrls {
  constructor(private readonly base: string) {}

  stem(songId: string, fileName: string): string {
    return `${this.base}stem/${encodeURIComponent(songId)}/${encodeURIComponent(fileName)}`;
  }

  cover(songId: string): string {
    return `${this.base}cover/${encodeURIComponent(songId)}`;
  }

  remoteCover(hash: string): string {
    return `${this.base}remote-cover/${hash}`;
  }
}

/**
 * DTOs per manifest object. The library replaces a song's manifest object on every change, so a
 * cached DTO is never stale, and a search keystroke over 10,000 songs reuses the DTOs of songs
 * that did not change instead of rebuilding 130,000 stem objects.
 */
const songDtoCache = new WeakMap<SongEntry['manifest'], { media: MediaUrls; directory: string; bytes: number; dto: SongDto }>();

function toSongDto(entry: SongEntry, media: MediaUrls): SongDto {
  const cached = songDtoCache.get(entry.manifest);
  if (cached && cached.media === media && cached.directory === entry.directory && cached.bytes === entry.bytes) return cached.dto;
  const dto = buildSongDto(entry, media);
  songDtoCache.set(entry.manifest, { media, directory: entry.directory, bytes: entry.bytes, dto });
  return dto;
}

function buildSongDto(entry: SongEntry, media: MediaUrls): SongDto {
  const { manifest } = entry;
  const stems: StemDto[] = manifest.stems.map((stem) => ({
    id: `${manifest.songId}/${stem.fileName}`,
    key: stem.key,
    label: stem.label,
    mode: stem.mode,
    taskId: stem.taskId,
    fileName: stem.fileName,
    bytes: stem.bytes,
    durationSeconds: stem.durationSeconds,
    nearSilent: stem.nearSilent,
    mediaUrl: media.stem(manifest.songId, stem.fileName),
  }));
  return {
    id: manifest.songId,
    title: manifest.song.title,
    sunoId: manifest.song.sunoId,
    generationTaskId: manifest.song.generationTaskId,
    tags: manifest.tags,
    styleTags: manifest.song.styleTags,
    durationSeconds: manifest.song.durationSeconds,
    addedAt: manifest.addedAt,
    favourite: manifest.favourite,
    notes: manifest.notes,
    coverUrl: manifest.coverFile ? media.cover(manifest.songId) : null,
    separations: manifest.separations.map((separation) => ({ ...separation })),
    stems,
    bytes: entry.bytes,
  };
}

const listItemCache = new WeakMap<SongEntry['manifest'], { media: MediaUrls; bytes: number; item: SongListItemDto }>();

/** Converts an entry to the stemless row of the library list, cached per manifest like the song DTO. */
export function toSongListItem(entry: SongEntry, media: MediaUrls): SongListItemDto {
  const cached = listItemCache.get(entry.manifest);
  if (cached && cached.media === media && cached.bytes === entry.bytes) return cached.item;

  const { manifest } = entry;
  const item: SongListItemDto = {
    id: manifest.songId,
    title: manifest.song.title,
    styleTags: manifest.song.styleTags,
    tags: manifest.tags,
    durationSeconds: manifest.song.durationSeconds,
    addedAt: manifest.addedAt,
    favourite: manifest.favourite,
    coverUrl: manifest.coverFile ? media.cover(manifest.songId) : null,
    separationCount: manifest.separations.length,
    modes: [...new Set(manifest.separations.map((separation) => separation.mode))],
    stemCount: manifest.stems.length,
    bytes: entry.bytes,
  };
  listItemCache.set(entry.manifest, { media, bytes: entry.bytes, item });
  return item;
}

export function toSongDetailDto(entry: SongEntry, media: MediaUrls): SongDetailDto {
  return {
    ...toSongDto(entry, media),
    prompt: entry.manifest.song.prompt,
    lyrics: entry.manifest.song.lyrics,
    model: entry.manifest.song.model,
    folderName: entry.folderName,
    warnings: entry.manifest.warnings,
  };
}

export function toLibrarySummary(root: string, entries: SongEntry[]): LibrarySummaryDto {
  let stemCount = 0;
  let totalBytes = 0;
  for (const entry of entries) {
    stemCount += entry.manifest.stems.length;
    totalBytes += entry.bytes;
  }
  return { folder: root, songCount: entries.length, stemCount, totalBytes };
}
