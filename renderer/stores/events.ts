// Routes events from main to the stores. Started once when the window opens.
import { bridge } from '../bridge.js';
import { debounce } from '../util/debounce.js';
import { useKeyStore } from './key-store.js';
import { useLibraryStore } from './library-store.js';
import { useNoticesStore } from './notices-store.js';
import { useSongStore } from './song-store.js';
import { useTasksStore } from './tasks-store.js';

/** Coalesces library refreshes in ms: finishing a 12-stem separation sends a burst of events. */
const LIBRARY_REFRESH_DELAY_MS = 300;

/** Subscribes the stores to main's events; returns a function that unsubscribes. */
export function startEventRouting(): () => void {
  const refreshLibrary = debounce(() => {
    void useLibraryStore.getState().refresh();
    void useSongStore.getState().reload();
  }, LIBRARY_REFRESH_DELAY_MS);

  const unsubscribe = bridge.onEvent((event) => {
    switch (event.type) {
      case 'task':
        useTasksStore.getState().apply(event.task);
        break;
      case 'task-removed':
        useTasksStore.getState().forget(event.id);
        break;
      case 'library':
        useLibraryStore.getState().applySummary(event.summary);
        refreshLibrary();
        break;
      case 'key':
        useKeyStore.getState().applyStatus(event.status);
        break;
      case 'notices':
        useNoticesStore.getState().apply(event.notices);
        break;
    }
  });

  return () => {
    refreshLibrary.cancel();
    unsubscribe();
  };
}
