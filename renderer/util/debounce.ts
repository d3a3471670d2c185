// Debouncing and "latest request wins", for search-as-you-type. Pure functions.

export interface Debounced<Args extends unknown[]> {
  (...args: Args): void;
  /** Drops a pending call. */
  cancel(): void;
  /** Runs a pending call now. */
  flush(): void;
}

/** Wraps `run` so that it runs once, `waitMs` after the last of a burst of calls, with that call's arguments. */
export function debounce<Args extends unknown[]>(run: (...args: Args) => void, waitMs: number): Debounced<Args> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pendingArgs: Args | null = null;

  const fire = (): void => {
    timer = null;
    const args = pendingArgs;
    pendingArgs = null;
    if (args) run(...args);
  };

  const debounced = (...args: Args): void => {
    pendingArgs = args;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, waitMs);
  };
  debounced.cancel = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pendingArgs = null;
  };
  debounced.flush = (): void => {
    if (timer === null) return;
    clearTimeout(timer);
    fire();
  };
  return debounced;
}

/**
 * Numbers requests so that only the newest one's response is used: a slow response to an older
 * search must not replace the results of a newer one.
 */
export class LatestRequest {
  private latest = 0;

  /** Starts a request and returns a function that returns true while it is the newest one. */
  begin(): () => boolean {
    const id = ++this.latest;
    return () => id === this.latest;
  }
}
