// Secret scrubbing for everything the app writes to logs, errors and files.
// The API key is registered here when it is read or set, so any later string that contains it,
// wherever it came from, can be scrubbed before it leaves the process.

const REDACTED = '[REDACTED]';
const MIN_SECRET_LENGTH = 6;
const secrets = new Set<string>();

// Matches an x-api-key header or JSON field however it is spelled, quoted or separated.
const API_KEY_FIELD = /(x-api-key["']?\s*[:=]\s*["']?)([^"',\s}\]]+)/gi;

/** Registers a secret value so that `redactText` replaces it from now on. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

/** Removes a secret from the registry, for example after the user deletes the key. */
export function forgetSecret(value: string | null | undefined): void {
  if (value) secrets.delete(value);
}

/** Replaces every registered secret and every x-api-key value in `text`. */
export function redactText(text: string): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  return result.replace(API_KEY_FIELD, `$1${REDACTED}`);
}
