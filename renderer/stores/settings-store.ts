// Settings store: the settings main keeps, saving changes to them, and moving the library folder.
import type { AppErrorDto, SettingsDto, SettingsUpdate } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { useLibraryStore } from './library-store.js';
import { create } from 'zustand';

/** Outcome of the last "Move library…" that did not fail. */
export type MoveOutcome =
  | { kind: 'moved'; folder: string; songCount: number; skipped: string[] }
  /** The user closed the folder picker without choosing a folder. */
  | { kind: 'cancelled' };

interface SettingsState {
  settings: SettingsDto | null;
  error: AppErrorDto | null;
  saving: boolean;
  moving: boolean;
  moveOutcome: MoveOutcome | null;
  moveError: AppErrorDto | null;
  load(): Promise<void>;
  /** Saves a change; returns the settings main stored, or null when it rejected the change. */
  save(update: SettingsUpdate): Promise<SettingsDto | null>;
  /** Lets main ask the user for a folder and move the library there. */
  moveLibrary(): Promise<void>;
  clearError(): void;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: null,
  error: null,
  saving: false,
  moving: false,
  moveOutcome: null,
  moveError: null,

  load: async () => {
    const result = await bridge.settings.get();
    if (result.ok) set({ settings: result.value, error: null });
    else set({ error: result.error });
  },

  save: async (update) => {
    set({ saving: true, error: null });
    const result = await bridge.settings.update(update);
    if (result.ok) {
      set({ settings: result.value, saving: false });
      return result.value;
    }
    set({ error: result.error, saving: false });
    return null;
  },

  moveLibrary: async () => {
    if (get().moving) return;
    set({ moving: true, moveOutcome: null, moveError: null });
    const result = await bridge.library.chooseFolderAndMove();
    if (!result.ok) {
      set({ moving: false, moveError: result.error });
      return;
    }

    const { moved, summary, skipped } = result.value;
    if (!moved) {
      set({ moving: false, moveOutcome: { kind: 'cancelled' } });
      return;
    }
    // Main stored the new folder as the library setting; reading the settings again shows it.
    useLibraryStore.getState().applySummary(summary);
    await get().load();
    set({ moving: false, moveOutcome: { kind: 'moved', folder: summary.folder, songCount: summary.songCount, skipped } });
  },

  clearError: () => set({ error: null }),
}));
