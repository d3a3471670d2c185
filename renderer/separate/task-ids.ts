// Parsing the generation task ids a user pastes: one per line or separated by commas or spaces.

export interface ParsedTaskIds {
  /** Valid ids in the order given, without duplicates. */
  ids: string[];
  /** Entries that are not task ids, as typed. */
  invalid: string[];
}

/**
 * Task id pattern: a letter or digit, then letters, digits, dots, dashes, colons or underscores,
 * 128 characters at most. NOTE: crun.ai does not document the id format, so the pattern is loose.
 */
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Finds the `task_id=<id>` query parameter of a pasted URL. */
const TASK_ID_PARAMETER = /[?&]task_id=([^&#\s]+)/;

/** Splits pasted text into task ids. A URL with a `task_id` query parameter counts as that id. */
export function parseTaskIds(text: string): ParsedTaskIds {
  const ids: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();

  for (const entry of text.split(/[\s,;]+/)) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const fromUrl = TASK_ID_PARAMETER.exec(trimmed)?.[1];
    const candidate = fromUrl ? decodeURIComponent(fromUrl) : trimmed;

    if (!TASK_ID.test(candidate)) {
      invalid.push(trimmed);
      continue;
    }
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    ids.push(candidate);
  }
  return { ids, invalid };
}
