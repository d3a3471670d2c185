// Naming templates: how song folders and stem files are named, as pure functions over song data.
import type { SeparationMode } from '../../preload/contract.js';
import { AppError } from '../errors.js';
import { hasVisibleCharacter, MAX_BASE_NAME_BYTES, MAX_FOLDER_BYTES, sanitizeSegment, UNTITLED } from './sanitize.js';
import { labelForKey, stemNameLabel } from './stem-keys.js';
import type { SongMeta } from './types.js';

/**
 * The default template. A template is a stem file template, optionally preceded by a folder
 * template and one `/` (`{title}/{title} - {stem}`). Without a `/` the folder is `{title}`.
 */
export const DEFAULT_NAMING_TEMPLATE = '{title} - {stem}';
export const DEFAULT_FOLDER_TEMPLATE = '{title}';

/** Placeholders that describe the song; usable in folder and file templates. */
export const SONG_PLACEHOLDERS = ['title', 'date', 'sunoId', 'shortId', 'model'] as const;
/** Placeholders that describe one stem; usable in file templates only. */
export const STEM_PLACEHOLDERS = ['stem', 'key', 'mode'] as const;

type Placeholder = (typeof SONG_PLACEHOLDERS)[number] | (typeof STEM_PLACEHOLDERS)[number];
type Part = { literal: string } | { placeholder: Placeholder };

export interface NamingTemplate {
  source: string;
  folder: Part[];
  file: Part[];
}

/** The song fields a template can use; `addedAt` replaces the creation time in `{date}` when that is unknown. */
export type NamingSong = Pick<SongMeta, 'title' | 'sunoId' | 'model' | 'createdAt'> & { addedAt?: number };

export interface NamingStem {
  key: string;
  label: string;
  mode: SeparationMode;
}

const ALL_PLACEHOLDERS: readonly string[] = [...SONG_PLACEHOLDERS, ...STEM_PLACEHOLDERS];

function parseParts(text: string, allowed: readonly string[], where: string, source: string): Part[] {
  const parts: Part[] = [];
  const pattern = /\{([^{}]*)\}|([^{}]+)|([{}])/gu;
  for (const match of text.matchAll(pattern)) {
    const [, name, literal, stray] = match;
    if (literal !== undefined) {
      parts.push({ literal });
    } else if (stray !== undefined) {
      throw new AppError('invalid_argument', `Invalid naming template "${source}": unmatched "${stray}". Write placeholders as {title}.`);
    } else if (name !== undefined && allowed.includes(name)) {
      parts.push({ placeholder: name as Placeholder });
    } else if (name !== undefined && ALL_PLACEHOLDERS.includes(name)) {
      throw new AppError('invalid_argument', `Invalid naming template "${source}": {${name}} cannot be used in the ${where}.`);
    } else {
      throw new AppError(
        'invalid_argument',
        `Invalid naming template "${source}": unknown placeholder {${name ?? ''}}. Use one of ${ALL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`,
      );
    }
  }
  return parts;
}

/**
 * Parses and validates a naming template. Throws AppError `invalid_argument` for an unknown
 * placeholder, a stem placeholder in the folder part, more than one `/`, or a file template
 * without `{stem}` or `{key}` (every stem of a song would otherwise get the same name).
 */
export function parseNamingTemplate(template: string): NamingTemplate {
  const source = template.trim();
  const pieces = source.split('/');
  if (pieces.length > 2) {
    throw new AppError('invalid_argument', `Invalid naming template "${source}": use at most one "/" (folder/file); songs are one folder deep.`);
  }
  const folderText = pieces.length === 2 ? (pieces[0] ?? '') : DEFAULT_FOLDER_TEMPLATE;
  const fileText = pieces.length === 2 ? (pieces[1] ?? '') : source;
  if (folderText.trim() === '' || fileText.trim() === '') {
    throw new AppError('invalid_argument', `Invalid naming template "${source}": the folder and file parts must not be empty.`);
  }
  const folder = parseParts(folderText, SONG_PLACEHOLDERS, 'folder name', source);
  const file = parseParts(fileText, ALL_PLACEHOLDERS, 'file name', source);
  const namesStem = file.some((part) => 'placeholder' in part && (part.placeholder === 'stem' || part.placeholder === 'key'));
  if (!namesStem) {
    throw new AppError('invalid_argument', `Invalid naming template "${source}": the file name needs {stem} or {key}, or every stem gets the same name.`);
  }
  return { source, folder, file };
}

function isoDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

function placeholderValue(name: Placeholder, song: NamingSong, stem: NamingStem | null): string {
  switch (name) {
    case 'title':
      // A title of only invisible characters would give names that look blank.
      return hasVisibleCharacter(song.title) ? song.title : UNTITLED;
    case 'date':
      return isoDate(song.createdAt ?? song.addedAt);
    case 'sunoId':
      return song.sunoId ?? '';
    case 'shortId':
      return (song.sunoId ?? '').slice(0, 8);
    case 'model':
      return song.model ?? '';
    case 'stem':
      return stem ? stemNameLabel(stem) : '';
    case 'key':
      return stem?.key ?? '';
    case 'mode':
      return stem?.mode ?? '';
  }
}

function render(parts: Part[], song: NamingSong, stem: NamingStem | null): string {
  return parts.map((part) => ('literal' in part ? part.literal : placeholderValue(part.placeholder, song, stem))).join('');
}

/** Renders the song folder name, sanitised and cut to 120 UTF-8 bytes; collisions are the caller's job. */
export function renderFolderName(template: NamingTemplate, song: NamingSong): string {
  return sanitizeSegment(render(template.folder, song, null), MAX_FOLDER_BYTES);
}

/** Renders a stem file name without extension, sanitised and cut so the extension still fits in 200 bytes. */
export function renderStemBaseName(template: NamingTemplate, song: NamingSong, stem: NamingStem): string {
  return sanitizeSegment(render(template.file, song, stem), MAX_BASE_NAME_BYTES);
}

export interface NamingPreview {
  folderName: string;
  /** Example stem file names: a vocal separation, then the first stems of a 12-stem one. */
  fileNames: string[];
}

const PREVIEW_SONG: NamingSong = {
  title: 'Midnight Addiction',
  sunoId: '3f9c2a71-5d0e-4b8a-9c61-2e7f04b1d5aa',
  model: 'chirp-v4',
  createdAt: Date.UTC(2026, 2, 14),
};

const PREVIEW_STEMS: NamingStem[] = [
  { key: 'vocal', label: labelForKey('vocal'), mode: 'vocal' },
  { key: 'instrumental', label: labelForKey('instrumental'), mode: 'vocal' },
  { key: 'vocal', label: labelForKey('vocal'), mode: 'instrumental' },
  { key: 'drums', label: labelForKey('drums'), mode: 'instrumental' },
];

/**
 * Renders example names for the settings screen. Throws AppError `invalid_argument` for an invalid
 * template, naming the problem, so the screen can show it under the field.
 */
export function previewNaming(template: string, sampleSong: Partial<NamingSong> = {}): NamingPreview {
  const parsed = parseNamingTemplate(template);
  const song: NamingSong = { ...PREVIEW_SONG, ...sampleSong };
  return {
    folderName: renderFolderName(parsed, song),
    fileNames: PREVIEW_STEMS.map((stem) => `${renderStemBaseName(parsed, song, stem)}.mp3`),
  };
}
