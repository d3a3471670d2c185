// Song store: the song open in the song view, its edits, and the stems selected for dragging.
import type { AppErrorDto, SongDetailDto, SongUpdate } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { LatestRequest } from '../util/debounce.js';
import { create } from 'zustand';

interface SongState {
  songId: string | null;
  detail: SongDetailDto | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: AppErrorDto | null;
  /** Error of the last edit, trash or reveal. */
  actionError: AppErrorDto | null;
  /** Heading that names the action that failed, shown above actionError. */
  actionHeading: string | null;
  selectedStemIds: string[];
  load(songId: string): Promise<void>;
  reload(): Promise<void>;
  /** Saves an edit; returns whether main accepted it. */
  update(update: SongUpdate): Promise<boolean>;
  /** Moves the song's folder to the trash; returns whether it worked. */
  trash(): Promise<boolean>;
  reveal(): Promise<void>;
  toggleStem(stemId: string): void;
  clearSelection(): void;
}

const latestGet = new LatestRequest();

export const useSongStore = create<SongState>()((set, get) => ({
  songId: null,
  detail: null,
  status: 'idle',
  error: null,
  actionError: null,
  actionHeading: null,
  selectedStemIds: [],

  load: async (songId) => {
    const sameSong = get().songId === songId && get().detail !== null;
    if (!sameSong) set({ songId, detail: null, status: 'loading', error: null, actionError: null, selectedStemIds: [] });
    const isLatest = latestGet.begin();
    const result = await bridge.library.get(songId);
    if (!isLatest()) return;
    if (result.ok) set({ detail: result.value, status: 'ready', error: null });
    else set({ status: 'error', error: result.error });
  },

  reload: async () => {
    const songId = get().songId;
    if (songId) await get().load(songId);
  },

  update: async (update) => {
    const songId = get().songId;
    if (!songId) return false;
    const result = await bridge.library.update(songId, update);
    if (result.ok) set({ detail: result.value, actionError: null });
    else set({ actionError: result.error, actionHeading: 'The change was not saved.' });
    return result.ok;
  },

  trash: async () => {
    const songId = get().songId;
    if (!songId) return false;
    const result = await bridge.library.trash(songId);
    if (result.ok) set({ songId: null, detail: null, status: 'idle', selectedStemIds: [] });
    else set({ actionError: result.error, actionHeading: 'The song was not moved to the trash.' });
    return result.ok;
  },

  reveal: async () => {
    const songId = get().songId;
    if (!songId) return;
    const result = await bridge.library.reveal(songId);
    if (result.ok) set({ actionError: null });
    else set({ actionError: result.error, actionHeading: 'The folder was not shown.' });
  },

  toggleStem: (stemId) => {
    const selected = get().selectedStemIds;
    set({ selectedStemIds: selected.includes(stemId) ? selected.filter((id) => id !== stemId) : [...selected, stemId] });
  },

  clearSelection: () => set({ selectedStemIds: [] }),
}));
