// Player store: the multi-stem player's loaded stems, mixer settings and transport, over the one
// PlayerEngine of the window.
import type { StemDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { laneGains, type LaneMix } from '../player/mix.js';
import { PlayerEngine, type EngineState } from '../player/player-engine.js';
import { create } from 'zustand';

interface PlayerState {
  engineState: EngineState;
  /** `<song id>:<separation task id>` of the loaded stems, or null. */
  loadedKey: string | null;
  stems: StemDto[];
  mix: Record<string, LaneMix>;
  /** Near-silent lanes the user has expanded. */
  expanded: Record<string, boolean>;
  /** Stem playing alone in the song view's preview <audio> element, or null. */
  previewStemId: string | null;
  load(songId: string, separationTaskId: string, stems: StemDto[]): Promise<void>;
  unload(): void;
  toggle(): void;
  pause(): void;
  /** Plays one stem alone, pausing the multi-stem player; null stops the preview. */
  setPreview(stemId: string | null): void;
  seek(seconds: number): void;
  setLoop(region: { startSeconds: number; endSeconds: number } | null): void;
  setMuted(stemId: string, muted: boolean): void;
  setSolo(stemId: string, solo: boolean): void;
  setVolume(stemId: string, volume: number): void;
  toggleExpanded(stemId: string): void;
  /** Current playhead in seconds; read every animation frame by the transport and lanes. */
  positionSeconds(): number;
  peaksOf(stemId: string): Float32Array | undefined;
  audioContextState(): AudioContextState | null;
}

/** Main's cached waveform of a stem; on an error the engine decodes the stem itself. */
async function fetchWaveform(stemId: string) {
  const result = await bridge.library.peaks(stemId);
  if (result.ok) return result.value;
  console.warn(`Player: main has no waveform of ${stemId}; decoding it here instead`, result.error);
  return null;
}

const engine = new PlayerEngine(fetchWaveform);

const DEFAULT_MIX: LaneMix = { muted: false, solo: false, volume: 1 };

export const usePlayerStore = create<PlayerState>()((set, get) => {
  engine.subscribe(() => set({ engineState: engine.getState() }));

  const applyMix = (mix: Record<string, LaneMix>): void => {
    const ids = Object.keys(mix);
    const gains = laneGains(ids.map((id) => mix[id] ?? DEFAULT_MIX));
    const byId: Record<string, number> = {};
    ids.forEach((id, index) => (byId[id] = gains[index] ?? 1));
    engine.setGains(byId);
    set({ mix });
  };

  const changeLane = (stemId: string, change: Partial<LaneMix>): void => {
    const current = get().mix[stemId] ?? DEFAULT_MIX;
    applyMix({ ...get().mix, [stemId]: { ...current, ...change } });
  };

  return {
    engineState: engine.getState(),
    loadedKey: null,
    stems: [],
    mix: {},
    expanded: {},
    previewStemId: null,

    load: async (songId, separationTaskId, stems) => {
      const key = `${songId}:${separationTaskId}`;
      if (get().loadedKey === key) return;
      const mix: Record<string, LaneMix> = {};
      // The original mix is the sum of the other stems, so playing it with them doubles the song.
      // Its lane starts muted, and the user unmutes it to compare.
      for (const stem of stems) mix[stem.id] = { ...DEFAULT_MIX, muted: stem.key === 'origin' && stems.length > 1 };
      set({ loadedKey: key, stems, mix, expanded: {} });
      await engine.load(stems.map((stem) => ({ id: stem.id, mediaUrl: stem.mediaUrl })));
      applyMix(get().mix);
    },

    unload: () => {
      engine.unload();
      set({ loadedKey: null, stems: [], mix: {}, expanded: {} });
    },

    toggle: () => {
      if (get().previewStemId !== null) set({ previewStemId: null });
      engine.toggle();
    },
    pause: () => engine.pause(),
    setPreview: (stemId) => {
      if (stemId !== null) engine.pause();
      set({ previewStemId: stemId });
    },
    seek: (seconds) => engine.seek(seconds),
    setLoop: (region) => engine.setLoop(region),
    setMuted: (stemId, muted) => changeLane(stemId, { muted }),
    setSolo: (stemId, solo) => changeLane(stemId, { solo }),
    setVolume: (stemId, volume) => changeLane(stemId, { volume }),
    toggleExpanded: (stemId) => set({ expanded: { ...get().expanded, [stemId]: !get().expanded[stemId] } }),
    positionSeconds: () => engine.positionSeconds(),
    peaksOf: (stemId) => engine.peaksOf(stemId),
    audioContextState: () => engine.contextState(),
  };
});
