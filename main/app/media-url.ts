// The `stemcrate-media:` scheme that serves stored stems and covers to the renderer, and the parsing
// of its URLs into the media paths that the IPC router resolves inside the library.
import { decodePathSegment } from './app-url.js';

export const MEDIA_SCHEME = 'stemcrate-media';
export const MEDIA_HOST = 'media';
/**
 * Base of every media URL the router puts in DTOs. The router appends `stem/<songId>/<file>`,
 * `cover/<songId>` or `remote-cover/<hash>`, each segment encoded with encodeURIComponent.
 */
export const MEDIA_BASE_URL = `${MEDIA_SCHEME}://${MEDIA_HOST}/`;

/** Cached provider covers are named by the first 32 hex digits of their URL's SHA-256. */
const REMOTE_COVER_HASH = /^[0-9a-f]{32}$/;

/**
 * Parses a media URL into the router's media path: `stem/<songId>/<file>`, `cover/<songId>` or
 * `remote-cover/<hash>`, each segment in canonical encodeURIComponent form (the router decodes
 * them). Returns null for anything else, including traversal (`..`, `%2e%2e`), encoded separators,
 * absolute paths and other hosts. The query and fragment are ignored.
 * The router still confines the result to the library, so this check is the first of two.
 */
export function mediaPathFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${MEDIA_SCHEME}:` || parsed.host !== MEDIA_HOST) return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (!parsed.pathname.startsWith('/')) return null;

  const segments: string[] = [];
  for (const raw of parsed.pathname.slice(1).split('/')) {
    const segment = decodePathSegment(raw);
    if (segment === null) return null;
    segments.push(segment);
  }

  const [kind, first, second] = segments;
  const encoded = segments.map((segment) => encodeURIComponent(segment));
  if (kind === 'stem' && segments.length === 3 && first && second) return encoded.join('/');
  if (kind === 'cover' && segments.length === 2 && first) return encoded.join('/');
  if (kind === 'remote-cover' && segments.length === 2 && first && REMOTE_COVER_HASH.test(first)) return encoded.join('/');
  return null;
}
