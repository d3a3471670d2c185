// Validation of an API key before any store keeps it. Error messages describe the problem and
// where it is, but never contain the key or any part of it.
import { AppError } from '../errors.js';

/** Maximum key length in characters after trimming. */
export const MAX_API_KEY_LENGTH = 512;

/** Names a character that may not appear inside a key, without printing the character itself. */
function describeCharacter(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (char === '\n' || char === '\r') return 'a line break';
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return `a control character (${hex})`;
  if (/\s/u.test(char)) return `a whitespace character (${hex})`;
  return `a non-ASCII character (${hex})`;
}

/**
 * Trims `value` and returns it when it is a usable key. Throws `AppError('invalid_argument')` when
 * it is not a string, is empty, is longer than 512 characters, or contains whitespace, control
 * characters or non-ASCII characters.
 */
export function normalizeApiKey(value: unknown, source = 'The API key'): string {
  if (typeof value !== 'string') {
    throw new AppError('invalid_argument', `${source} must be text, but a ${value === null ? 'null' : typeof value} value was given.`);
  }

  const key = value.trim();
  if (key.length === 0) {
    throw new AppError('invalid_argument', `${source} is empty. Paste the key from your crun.ai account page.`);
  }
  if (key.length > MAX_API_KEY_LENGTH) {
    throw new AppError(
      'invalid_argument',
      `${source} is ${key.length} characters long, but the maximum is ${MAX_API_KEY_LENGTH}. Check that only the key was pasted.`,
    );
  }

  // Only printable ASCII is accepted. Besides whitespace and control characters, this rejects
  // paste artefacts such as zero-width spaces and typographic quotes, which \s does not match
  // and which would fail later as an invalid x-api-key header value.
  const invalid = /[^\x21-\x7e]/u.exec(key);
  if (invalid) {
    const position = [...key.slice(0, invalid.index)].length + 1;
    throw new AppError(
      'invalid_argument',
      `${source} contains ${describeCharacter(invalid[0])} at character ${position}. Copy the key again without extra characters.`,
    );
  }
  return key;
}
