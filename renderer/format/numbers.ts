// Formatting of sizes, credits and counts for the views. Pure functions.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Formats a byte count with decimal units (1 MB = 1,000,000 bytes), as file managers show sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Formats credits, which may be fractional, with at most two decimals: "12", "0.5", "3.25". */
export function formatCredits(credits: number | null | undefined): string {
  if (credits === null || credits === undefined || !Number.isFinite(credits)) return '–';
  return String(Math.round(credits * 100) / 100);
}

/** Formats credits with their noun: "1 credit", "0.5 credits". */
export function formatCreditsWithUnit(credits: number | null | undefined): string {
  const text = formatCredits(credits);
  if (text === '–') return text;
  return `${text} ${text === '1' ? 'credit' : 'credits'}`;
}

/** Formats a count with its noun in the right number: "1 stem", "12 stems". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Formats download progress as a whole percentage, or null when the total is unknown. */
export function percent(bytes: number, totalBytes: number | null): number | null {
  if (totalBytes === null || totalBytes <= 0) return null;
  return Math.min(100, Math.floor((bytes / totalBytes) * 100));
}
