// Stem links from a separation result: `result.media_info` turned into labelled, checked URLs.
import type { StemLink } from './types.js';

export interface RejectedStem {
  sourceKey: string;
  reason: string;
}

export interface StemList {
  stems: StemLink[];
  rejectedStems: RejectedStem[];
}

/** Labels of the stem keys the provider documents, in the order the app lists them. */
export const KNOWN_STEM_LABELS: ReadonlyMap<string, string> = new Map([
  ['origin', 'Original Mix'],
  ['vocal', 'Vocals'],
  ['instrumental', 'Instrumental'],
  ['backing_vocals', 'Backing Vocals'],
  ['drums', 'Drums'],
  ['bass', 'Bass'],
  ['guitar', 'Guitar'],
  ['keyboard', 'Keyboard'],
  ['percussion', 'Percussion'],
  ['strings', 'Strings'],
  ['synth', 'Synth'],
  ['fx', 'FX'],
  ['brass', 'Brass'],
  ['woodwinds', 'Woodwinds'],
]);

const URL_SUFFIX = '_url';

/** Stem keys become parts of file names downstream, so only plain identifiers are accepted. */
const STEM_KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Maximum stem URL length in characters. Signed CDN URLs are usually a few hundred characters. */
const MAX_URL_LENGTH = 4096;

/** Maximum number of `_url` entries read from one media_info. The provider documents 14. */
const MAX_STEM_ENTRIES = 64;

/** Labels a stem key the app does not know: `lead_guitar` becomes `Lead Guitar`. */
export function labelFromKey(key: string): string {
  return key
    .split(/[_-]+/)
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Returns why `value` is not an absolute http(s) URL, or null when it is one. */
export function checkStemUrl(value: string): string | null {
  if (value.length > MAX_URL_LENGTH) return `URL is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `scheme ${url.protocol} is not http or https`;
  if (url.hostname === '') return 'URL has no host';
  return null;
}

/**
 * Reads the stems of `media_info`: every key ending in `_url` with a string value. Null and
 * missing values are skipped, because the provider returns "up to" twelve stems. Values that are
 * not http(s) URLs, keys that are not plain identifiers and a media_info that is not an object go
 * to `rejectedStems` with the reason. Known stems come first in the documented order, and unknown
 * keys follow in the order sent.
 */
export function readStems(mediaInfo: unknown): StemList {
  const stems: StemLink[] = [];
  const rejectedStems: RejectedStem[] = [];

  if (typeof mediaInfo !== 'object' || mediaInfo === null || Array.isArray(mediaInfo)) {
    const kind = mediaInfo === null ? 'null' : Array.isArray(mediaInfo) ? 'an array' : typeof mediaInfo;
    rejectedStems.push({ sourceKey: 'media_info', reason: `media_info is ${kind}, not an object` });
    return { stems, rejectedStems };
  }

  const seenKeys = new Set<string>();
  const entries = Object.entries(mediaInfo as Record<string, unknown>).filter(([name]) => name.endsWith(URL_SUFFIX));
  for (const [index, [fullKey, value]] of entries.entries()) {
    // Keys are provider input too, so a rejected entry keeps at most 100 characters of one.
    const sourceKey = fullKey.slice(0, 100);
    if (index >= MAX_STEM_ENTRIES) {
      rejectedStems.push({ sourceKey, reason: `more than ${MAX_STEM_ENTRIES} stem entries` });
      continue;
    }
    if (value === null || value === undefined) continue;

    // Keys are compared in lower case so `Drums_url` and `drums_url` cannot become two files
    // whose names differ only in case.
    const key = fullKey.slice(0, -URL_SUFFIX.length).toLowerCase();
    if (!STEM_KEY_PATTERN.test(key)) {
      rejectedStems.push({ sourceKey, reason: 'stem key is not a plain identifier (letters, digits, _ and -)' });
      continue;
    }
    if (typeof value !== 'string') {
      rejectedStems.push({ sourceKey, reason: `value is ${Array.isArray(value) ? 'an array' : typeof value}, not a URL string` });
      continue;
    }
    const problem = checkStemUrl(value.trim());
    if (problem !== null) {
      rejectedStems.push({ sourceKey, reason: problem });
      continue;
    }
    if (seenKeys.has(key)) {
      rejectedStems.push({ sourceKey, reason: `duplicate of stem key ${key}` });
      continue;
    }
    seenKeys.add(key);
    stems.push({ key, sourceKey, label: KNOWN_STEM_LABELS.get(key) ?? labelFromKey(key), url: value.trim() });
  }

  const knownOrder = [...KNOWN_STEM_LABELS.keys()];
  const rank = (key: string): number => {
    const position = knownOrder.indexOf(key);
    return position === -1 ? knownOrder.length : position;
  };
  // Array.prototype.sort is stable, so unknown keys keep the order they were sent in.
  stems.sort((a, b) => rank(a.key) - rank(b.key));
  return { stems, rejectedStems };
}
