// Library store: the song list for the current search, filters and sort, the library summary,
// and the row that keyboard navigation has reached.
import type { AppErrorDto, LibrarySummaryDto, SeparationMode, SongListItemDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { buildQuery, type LibrarySort } from '../library/library-query.js';
import { debounce, LatestRequest } from '../util/debounce.js';
import { create } from 'zustand';

export type { LibrarySort };

/** Pause in typing, in ms, before a search runs. */
export const SEARCH_DEBOUNCE_MS = 200;

interface LibraryState {
  text: string;
  mode: SeparationMode | null;
  favouritesOnly: boolean;
  sort: LibrarySort;
  songs: SongListItemDto[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppErrorDto | null;
  summary: LibrarySummaryDto | null;
  /** Row reached by keyboard navigation, -1 for none. */
  activeIndex: number;
  setText(text: string): void;
  setMode(mode: SeparationMode | null): void;
  setFavouritesOnly(favouritesOnly: boolean): void;
  setSort(sort: LibrarySort): void;
  refresh(): Promise<void>;
  loadSummary(): Promise<void>;
  applySummary(summary: LibrarySummaryDto): void;
  setActiveIndex(index: number): void;
}

const latestList = new LatestRequest();

/**
 * The last list without search text, kept until main reports a library change. Clearing the search
 * then shows the whole library without fetching and parsing it again (3 MiB at 10,000 songs).
 * `generation` counts the changes, so a list fetched before a change is not kept after it.
 */
const unfiltered = { generation: 0, key: '', songs: null as SongListItemDto[] | null };

export const useLibraryStore = create<LibraryState>()((set, get) => {
  const refreshSoon = debounce(() => void get().refresh(), SEARCH_DEBOUNCE_MS);
  const show = (songs: SongListItemDto[]): void => {
    const activeIndex = Math.min(get().activeIndex, songs.length - 1);
    set({ songs, status: 'ready', error: null, activeIndex });
  };

  return {
    text: '',
    mode: null,
    favouritesOnly: false,
    sort: 'added',
    songs: [],
    status: 'idle',
    error: null,
    summary: null,
    activeIndex: -1,

    setText: (text) => {
      set({ text });
      refreshSoon();
    },
    setMode: (mode) => {
      set({ mode });
      void get().refresh();
    },
    setFavouritesOnly: (favouritesOnly) => {
      set({ favouritesOnly });
      void get().refresh();
    },
    setSort: (sort) => {
      set({ sort });
      void get().refresh();
    },

    refresh: async () => {
      refreshSoon.cancel();
      const isLatest = latestList.begin();
      const query = buildQuery(get());
      const key = JSON.stringify(query);
      const cacheable = query.text === undefined;
      if (cacheable && unfiltered.songs !== null && unfiltered.key === key) {
        show(unfiltered.songs);
        return;
      }

      const generation = unfiltered.generation;
      set({ status: get().status === 'ready' ? 'ready' : 'loading' });
      const result = await bridge.library.list(query);
      if (!isLatest()) return;
      if (result.ok) {
        if (cacheable && generation === unfiltered.generation) {
          unfiltered.key = key;
          unfiltered.songs = result.value;
        }
        show(result.value);
      } else {
        set({ status: 'error', error: result.error });
      }
    },

    loadSummary: async () => {
      const result = await bridge.library.summary();
      if (result.ok) set({ summary: result.value });
    },

    applySummary: (summary) => {
      // A new summary means the library changed (or moved), so the kept list may be out of date.
      unfiltered.generation += 1;
      unfiltered.songs = null;
      set({ summary });
    },
    setActiveIndex: (activeIndex) => set({ activeIndex }),
  };
});
