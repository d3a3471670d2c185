// Formatting of durations, elapsed times, time left and dates for the views. Pure functions.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** Formats a song position or length in seconds as "m:ss" or "h:mm:ss"; "–" when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(secs)}` : `${minutes}:${pad2(secs)}`;
}

/** Formats a player position with tenths of a second, e.g. "1:05.3". */
export function formatPosition(seconds: number): string {
  const safe = Math.max(0, seconds);
  const tenths = Math.floor((safe * 10) % 10);
  return `${formatDuration(safe)}.${tenths}`;
}

/** Formats a span in milliseconds compactly: "45 s", "3 min 05 s", "2 h 10 min". */
export function formatElapsed(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < MINUTE) return `${Math.floor(safe / SECOND)} s`;
  if (safe < HOUR) return `${Math.floor(safe / MINUTE)} min ${pad2(Math.floor((safe % MINUTE) / SECOND))} s`;
  return `${Math.floor(safe / HOUR)} h ${pad2(Math.floor((safe % HOUR) / MINUTE))} min`;
}

/** Formats a rough duration for "usually about …": seconds under a minute, else whole minutes, e.g. "40 s", "3 min", "1 h 05 min". */
export function formatApproxDuration(ms: number): string {
  const safe = Math.max(0, ms);
  const seconds = Math.round(safe / SECOND);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(safe / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
}

/**
 * Describes the time left before the provider deletes files, in the largest two units, e.g.
 * "13 days 4 h left", "5 h 20 min left", "12 min left". Returns "deleted" once `expiresAt` has passed.
 */
export function formatTimeLeft(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  if (left <= 0) return 'deleted';
  if (left >= DAY) {
    const days = Math.floor(left / DAY);
    const hours = Math.floor((left % DAY) / HOUR);
    return `${days} ${days === 1 ? 'day' : 'days'} ${hours} h left`;
  }
  if (left >= HOUR) return `${Math.floor(left / HOUR)} h ${Math.floor((left % HOUR) / MINUTE)} min left`;
  return `${Math.max(1, Math.ceil(left / MINUTE))} min left`;
}

/** True when less than a day is left: the view then shows the time left as a warning. */
export function isExpiringSoon(expiresAt: number, now: number): boolean {
  return expiresAt - now < DAY;
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = { ...DATE_OPTIONS, hour: '2-digit', minute: '2-digit' };

/**
 * Formatters by kind and locale. `toLocaleDateString` with options builds a new formatter on every
 * call, which costs a fraction of a millisecond. The library list formats a date in every row it
 * brings into view while scrolling.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'date-time', locale: string | undefined): Intl.DateTimeFormat {
  const key = `${kind}|${locale ?? ''}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, kind === 'date' ? DATE_OPTIONS : DATE_TIME_OPTIONS);
    formatters.set(key, cached);
  }
  return cached;
}

/** Formats a timestamp in ms as a short local date, e.g. "4 Dec 2026". */
export function formatDate(ms: number, locale?: string): string {
  return formatter('date', locale).format(new Date(ms));
}

/** Formats a timestamp in ms as a local date and time. */
export function formatDateTime(ms: number, locale?: string): string {
  return formatter('date-time', locale).format(new Date(ms));
}
