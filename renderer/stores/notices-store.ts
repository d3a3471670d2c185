// Notices store: the problems main reports outside any one task or song, until the user dismisses them.
import type { NoticeDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { create } from 'zustand';

interface NoticesState {
  notices: NoticeDto[];
  load(): Promise<void>;
  apply(notices: NoticeDto[]): void;
  dismiss(id: string): Promise<void>;
}

export const useNoticesStore = create<NoticesState>()((set, get) => ({
  notices: [],

  load: async () => {
    const result = await bridge.notices.list();
    if (result.ok) set({ notices: result.value });
  },

  apply: (notices) => set({ notices }),

  dismiss: async (id) => {
    // Hidden at once; main's event with the remaining notices follows.
    set({ notices: get().notices.filter((notice) => notice.id !== id) });
    await bridge.notices.dismiss(id);
  },
}));
