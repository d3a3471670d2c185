// Settings store: the settings main keeps, and saving changes to them.
import type { AppErrorDto, SettingsDto, SettingsUpdate } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { create } from 'zustand';

interface SettingsState {
  settings: SettingsDto | null;
  error: AppErrorDto | null;
  saving: boolean;
  load(): Promise<void>;
  /** Saves a change; returns whether main accepted it. */
  save(update: SettingsUpdate): Promise<boolean>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  error: null,
  saving: false,

  load: async () => {
    const result = await bridge.settings.get();
    if (result.ok) set({ settings: result.value, error: null });
    else set({ error: result.error });
  },

  save: async (update) => {
    set({ saving: true, error: null });
    const result = await bridge.settings.update(update);
    if (result.ok) set({ settings: result.value, saving: false });
    else set({ error: result.error, saving: false });
    return result.ok;
  },
}));
