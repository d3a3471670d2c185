// Keyboard navigation of a list: which row a key moves the selection to. Pure function.

/**
 * Returns the row index that `key` moves to from `current` (-1 when nothing is selected), or
 * null when the key does not navigate. `pageSize` is the number of rows visible at once.
 */
export function navigateList(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const page = Math.max(1, pageSize - 1);

  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(last, current + 1);
    case 'ArrowUp':
      return current < 0 ? 0 : Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(last, Math.max(0, current) + page);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
