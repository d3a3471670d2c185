// Secret scrubbing for everything the app writes to logs, errors and files.
// The API key is registered here when it is read or set, so any later string that contains it,
// wherever it came from, can be scrubbed before it leaves the process.

const REDACTED = '[REDACTED]';
const MIN_SECRET_LENGTH = 6;

/** Each registered secret, mapped to the spellings of it that are scrubbed, longest first. */
const secrets = new Map<string, string[]>();

// Matches the value after an x-api-key name in every text form a log line can contain.
// The forms are a header line `x-api-key: v`, a query or form field `x-api-key=v`, a raw header
// list `"x-api-key","v"`, and a JSON member `"x-api-key":"v"` or `"x-api-key":["v"]`.
// A JSON member may also sit inside a JSON string, where its quotes are escaped.
// The name may use `-` or `_` in any case. A quoted value runs to its closing quote, so it may
// contain spaces. An unquoted value is one token, optionally after `Bearer`, `Basic` or `Token`.
// The JSON literals null, true, false and undefined are kept, so a JSON line stays valid JSON.
// Group 1 is the text before the value, and group 2 or 3 is its opening quote.
// NOTE: an unregistered value that contains its own quote character is cut at that quote.
// Registered secrets are scrubbed whole through their spellings instead.
const API_KEY_FIELD =
  /(x[-_]api[-_]key(?:\\*["'])?\s*(?:=>|[:=,])\s*\[?\s*)(?:(\\*["'])(?:(?!\2).){1,512}?(?=\2)|(\\*["'])?(?!(?:null|true|false|undefined)\b)(?:(?:bearer|basic|token)\s+)?[^"'\\,\s}\]]+)/gi;

/**
 * Returns the spellings of `secret` that can appear in output, longest first. They are the secret
 * as it is, JSON-escaped once (inside a JSON string), JSON-escaped twice (inside a JSON body that
 * is logged as a string) and percent-encoded. Only keys with `"`, `\` or URL-reserved characters
 * have more than one spelling.
 */
function spellingsOf(secret: string): string[] {
  const escapedOnce = JSON.stringify(secret).slice(1, -1);
  const escapedTwice = JSON.stringify(escapedOnce).slice(1, -1);
  const spellings = new Set([secret, escapedOnce, escapedTwice, encodeURIComponent(secret)]);
  // Longer spellings first, so a shorter one never replaces part of a longer one and leaves the rest.
  return [...spellings].sort((a, b) => b.length - a.length);
}

/** Registers a secret value so that `redactText` replaces it from now on. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH && !secrets.has(value)) secrets.set(value, spellingsOf(value));
}

/** Removes a secret from the registry, for example after the user deletes the key. */
export function forgetSecret(value: string | null | undefined): void {
  if (value) secrets.delete(value);
}

/** Replaces every registered secret, in each of its spellings, and every x-api-key value in `text`. */
export function redactText(text: string): string {
  let result = text;
  for (const spellings of secrets.values()) {
    for (const spelling of spellings) {
      if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
    }
  }
  return result.replace(API_KEY_FIELD, (_match, before: string, quote?: string, tokenQuote?: string) => `${before}${quote ?? tokenQuote ?? ''}${REDACTED}`);
}
