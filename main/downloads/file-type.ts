// File extensions for downloaded files, chosen from the response's Content-Type and the URL path.
import type { DownloadKind } from './types.js';

const EXTENSION_BY_CONTENT_TYPE: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/ogg': 'ogg',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

const EXTENSIONS_BY_KIND: Readonly<Record<DownloadKind, ReadonlySet<string>>> = {
  stem: new Set(['mp3', 'wav', 'flac', 'm4a', 'ogg']),
  cover: new Set(['png', 'jpg', 'webp']),
};

const FALLBACK_EXTENSION: Readonly<Record<DownloadKind, string>> = { stem: 'mp3', cover: 'jpg' };

/** Returns the media type of a Content-Type header in lower case, without parameters. */
export function mediaTypeOf(contentType: string | null | undefined): string | null {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType ? mediaType : null;
}

/** Returns the extension of the last path segment of a URL (never the query string), in lower case. */
export function pathExtensionOf(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
  const dot = lastSegment.lastIndexOf('.');
  if (dot <= 0 || dot === lastSegment.length - 1) return null;
  const extension = lastSegment.slice(dot + 1).toLowerCase();
  return extension === 'jpeg' ? 'jpg' : extension;
}

/**
 * Chooses the extension for a downloaded file. A known Content-Type of the right kind wins, then a
 * known extension in one of the URL paths (the URL after redirects first), then `mp3` for stems
 * and `jpg` for covers. Generic types such as application/octet-stream count as unknown.
 */
export function chooseExtension(kind: DownloadKind, contentType: string | null, urls: readonly string[]): string {
  const allowed = EXTENSIONS_BY_KIND[kind];

  const mediaType = mediaTypeOf(contentType);
  const fromType = mediaType === null ? undefined : EXTENSION_BY_CONTENT_TYPE[mediaType];
  if (fromType !== undefined && allowed.has(fromType)) return fromType;

  for (const url of urls) {
    const fromPath = pathExtensionOf(url);
    if (fromPath !== null && allowed.has(fromPath)) return fromPath;
  }
  return FALLBACK_EXTENSION[kind];
}

/** Tells whether a body starts like an HTML page (after optional whitespace and byte order mark). */
export function looksLikeHtml(firstBytes: Buffer): boolean {
  const head = firstBytes.subarray(0, 512).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}
