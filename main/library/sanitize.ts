// File and folder names that are safe on Windows, macOS and Linux, limited in UTF-8 bytes.
import filenamify from 'filenamify';

/** Maximum song folder name length, in UTF-8 bytes. */
export const MAX_FOLDER_BYTES = 120;
/** Maximum stem file name length including its extension, in UTF-8 bytes. */
export const MAX_FILE_BYTES = 200;
/**
 * Bytes kept free after a stem base name for the extension the downloader appends (`.part`,
 * `.flac`, `.aiff`, up to seven bytes with the dot).
 */
export const EXTENSION_RESERVE_BYTES = 8;
/** Maximum stem base name (no extension) length, in UTF-8 bytes. */
export const MAX_BASE_NAME_BYTES = MAX_FILE_BYTES - EXTENSION_RESERVE_BYTES;

export const UNTITLED = 'Untitled';

const RESERVED_CHARACTER_REPLACEMENT = '_';
/** Device names Windows reserves, also with an extension or trailing spaces (`CON`, `nul.txt`, `COM1 `). */
const reservedWindowsName = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]) *(?:\..*)?$/iu;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a grapheme boundary, so an emoji sequence or a
 * letter with its combining marks is kept whole or dropped whole.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let output = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = utf8Bytes(segment);
    if (used + size > maxBytes) break;
    output += segment;
    used += size;
  }
  return output;
}

/** Appends `_` to the part before the first dot when Windows reserves the name (CON, NUL, COM1, `aux.txt`). */
function avoidReservedWindowsName(name: string): string {
  if (!reservedWindowsName.test(name)) return name;
  const dot = name.indexOf('.');
  const stem = dot === -1 ? name : name.slice(0, dot);
  const rest = dot === -1 ? '' : name.slice(dot);
  return `${stem.trimEnd()}${RESERVED_CHARACTER_REPLACEMENT}${rest}`;
}

/**
 * Turns any text (a song title, a rendered template) into one path segment that every common file
 * system accepts: Unicode NFC, no `/ \ : * ? " < > |`, no control characters, no leading dots
 * (so no hidden files and no `..`), no leading or trailing spaces, no trailing dots, no
 * Windows-reserved name, and at most `maxBytes` UTF-8 bytes. An empty result becomes `Untitled`.
 */
export function sanitizeSegment(text: string, maxBytes: number): string {
  // filenamify's own length limit counts UTF-16 units; the byte limit is applied below instead.
  let name = filenamify(text.normalize('NFC'), { replacement: RESERVED_CHARACTER_REPLACEMENT, maxLength: Number.MAX_SAFE_INTEGER });
  name = name.replace(/^[.\s]+/u, '').replace(/\s+/gu, ' ');
  name = trimName(truncateUtf8(name, maxBytes));
  if (!hasVisibleCharacter(name)) name = UNTITLED;
  name = avoidReservedWindowsName(name);
  // The reserved-name suffix adds one byte, so cut again to keep the limit in every case.
  return trimName(truncateUtf8(name, maxBytes)) || UNTITLED;
}

/**
 * True when the name shows something in a file manager: a character other than `_`, white space
 * and default-ignorable code points (zero-width joiners, U+034F and the like), which render as
 * nothing. Such characters stay inside a name with visible text, where emoji sequences need them.
 */
export function hasVisibleCharacter(name: string): boolean {
  return name.replace(/[_\s\p{Default_Ignorable_Code_Point}]/gu, '') !== '';
}

function trimName(name: string): string {
  return name.replace(/[.\s]+$/u, '').trimStart();
}

/** Key for comparing names the way case-insensitive file systems (macOS, Windows) do. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Returns `base`, or `base (2)`, `base (3)` … the first that `isTaken` rejects, keeping the result
 * within `maxBytes` by shortening the base before the suffix.
 */
export function uniqueName(base: string, maxBytes: number, isTaken: (candidate: string) => boolean): string {
  for (let counter = 1; ; counter++) {
    const suffix = counter === 1 ? '' : ` (${counter})`;
    const head = trimName(truncateUtf8(base, maxBytes - utf8Bytes(suffix))) || UNTITLED;
    const candidate = avoidReservedWindowsName(`${head}${suffix}`);
    if (!isTaken(candidate)) return candidate;
  }
}

/**
 * Returns true when `name` is one plain file or folder name: not empty, not `.` or `..`, without
 * path separators or NUL. Used to validate names that come from manifests and callers.
 */
export function isPlainName(name: string): boolean {
  if (name === '' || name === '.' || name === '..') return false;
  return !/[/\\\0]/u.test(name);
}
