// Key fingerprints: a short, stable id for an API key that is safe to log and to use as a map key.
import { createHash } from 'node:crypto';

/** Length of the fingerprint in hex digits (64 bits of the sha256 digest). */
const FINGERPRINT_LENGTH = 16;

/** Returns the first 16 hex digits of the key's sha256, so logs and registries never hold the key. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex').slice(0, FINGERPRINT_LENGTH);
}
