// The user's own tags of a song, typed as one comma-separated field. Pure function.

/** Splits the tags field on commas, dropping blanks and repeats. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}
