// The app's own origin, `app://stemcrate`, and the mapping from its URLs to files of the renderer bundle.
//
// A privileged standard scheme is used instead of `file:` because Chromium treats every `file:`
// URL as one origin: 'self' in the CSP, same-origin checks and navigation checks would then cover
// any file on the disk. `app://stemcrate` is a real origin that only our handler serves, and that
// handler serves only files inside the renderer bundle.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'stemcrate';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const ENTRY_FILE = 'index.html';

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` belongs to the app origin: scheme `app:`, host `stemcrate`, no port or credentials. */
export function isAppOriginUrl(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  // `host` includes any port, so a port fails the comparison. Node's URL keeps the host of a
  // non-special scheme as written, so `app://StemCrate` fails too. Chromium lowercases the host of
  // a registered standard scheme before Electron reports a URL, so real app URLs always match.
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * True when `url` is the app's page (`app://stemcrate/index.html` or `app://stemcrate/`), with any
 * query or fragment. Only this page may hold the preload API, so only it may call IPC or be
 * navigated to.
 */
export function isAppPageUrl(url: string): boolean {
  if (!isAppOriginUrl(url)) return false;
  const pathname = new URL(url).pathname;
  return pathname === '' || pathname === '/' || pathname === `/${ENTRY_FILE}`;
}

/** Decodes one URL path segment, or returns null when it is malformed or could leave its folder. */
export function decodePathSegment(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (decoded === '' || decoded === '.' || decoded === '..') return null;
  // Separators, NUL, other control characters and ':' (Windows drive letters and alternate data
  // streams) never occur in a bundle file, song id or stored stem name (the library names files with
  // filenamify), so a segment that contains one is rejected.
  for (const char of decoded) {
    const code = char.charCodeAt(0);
    if (char === '/' || char === '\\' || char === ':' || code < 0x20 || code === 0x7f) return null;
  }
  return decoded;
}

/**
 * Maps an `app://stemcrate/...` URL to the absolute path of a file inside `rendererDir`, or returns
 * null for any other origin, a malformed path, or a path that would leave `rendererDir`.
 * The path `/` maps to index.html.
 */
export function rendererFileForUrl(url: string, rendererDir: string): string | null {
  if (!isAppOriginUrl(url)) return null;
  const pathname = new URL(url).pathname;
  const rawSegments = pathname === '' || pathname === '/' ? [ENTRY_FILE] : pathname.slice(1).split('/');

  const segments: string[] = [];
  for (const raw of rawSegments) {
    const segment = decodePathSegment(raw);
    if (segment === null) return null;
    segments.push(segment);
  }

  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}
