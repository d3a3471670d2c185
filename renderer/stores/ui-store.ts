// UI store: which view is open, which song, and the transient notice at the bottom of the window.
import { create } from 'zustand';

export type View = 'separate' | 'queue' | 'library' | 'song' | 'settings';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

interface UiState {
  view: View;
  /** Song shown by the song view. */
  songId: string | null;
  notice: Notice | null;
  show(view: View): void;
  openSong(songId: string): void;
  notify(text: string, tone?: Notice['tone']): void;
  dismissNotice(): void;
}

let noticeCounter = 0;

export const useUiStore = create<UiState>()((set) => ({
  view: 'separate',
  songId: null,
  notice: null,
  show: (view) => set({ view }),
  openSong: (songId) => set({ view: 'song', songId }),
  notify: (text, tone = 'info') => set({ notice: { id: ++noticeCounter, text, tone } }),
  dismissNotice: () => set({ notice: null }),
}));
