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

export const useLibraryStore = create<LibraryState>()((set, get) => {
  const refreshSoon = debounce(() => void get().refresh(), SEARCH_DEBOUNCE_MS);

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
      set({ status: get().status === 'ready' ? 'ready' : 'loading' });
      const result = await bridge.library.list(buildQuery(get()));
      if (!isLatest()) return;
      if (result.ok) {
        const songs = result.value;
        const activeIndex = Math.min(get().activeIndex, songs.length - 1);
        set({ songs, status: 'ready', error: null, activeIndex });
      } else {
        set({ status: 'error', error: result.error });
      }
    },

    loadSummary: async () => {
      const result = await bridge.library.summary();
      if (result.ok) set({ summary: result.value });
    },

    applySummary: (summary) => set({ summary }),
    setActiveIndex: (activeIndex) => set({ activeIndex }),
  };
});
