// API key store: the key's status from main and the set, remove and test actions. The key itself
// is only passed through to main; the renderer never keeps it.
import type { AppErrorDto, KeyStatusDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { create } from 'zustand';

interface KeyState {
  status: KeyStatusDto | null;
  busy: boolean;
  error: AppErrorDto | null;
  /** Balance read by the last successful test, in credits. */
  testedBalance: number | null;
  refresh(): Promise<void>;
  /** Stores a new key in main; returns whether it was stored. */
  setKey(apiKey: string): Promise<boolean>;
  removeKey(): Promise<void>;
  testKey(): Promise<void>;
  applyStatus(status: KeyStatusDto): void;
  clearError(): void;
}

export const useKeyStore = create<KeyState>()((set) => ({
  status: null,
  busy: false,
  error: null,
  testedBalance: null,

  refresh: async () => {
    const result = await bridge.key.status();
    if (result.ok) set({ status: result.value });
    else set({ error: result.error });
  },

  setKey: async (apiKey) => {
    set({ busy: true, error: null, testedBalance: null });
    const result = await bridge.key.set(apiKey.trim());
    if (result.ok) set({ status: result.value, busy: false });
    else set({ error: result.error, busy: false });
    return result.ok;
  },

  removeKey: async () => {
    set({ busy: true, error: null, testedBalance: null });
    const result = await bridge.key.remove();
    if (result.ok) set({ status: result.value, busy: false });
    else set({ error: result.error, busy: false });
  },

  testKey: async () => {
    set({ busy: true, error: null, testedBalance: null });
    const result = await bridge.key.test();
    if (result.ok) set({ testedBalance: result.value.balance, busy: false });
    else set({ error: result.error, busy: false });
  },

  applyStatus: (status) => set({ status }),
  clearError: () => set({ error: null }),
}));
