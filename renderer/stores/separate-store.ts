// New-separation store: the pasted generation task ids, the songs looked up for them, the chosen
// songs and mode, the balance, and duplicate submissions waiting for the user's confirmation.
import type { AppErrorDto, DuplicateWarningDto, GenerationDto, SeparationMode, SubmitRequest, TaskDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { parseTaskIds } from '../separate/task-ids.js';
import { useTasksStore } from './tasks-store.js';
import { create } from 'zustand';

export interface Lookup {
  generationTaskId: string;
  state: 'loading' | 'done' | 'failed';
  generation: GenerationDto | null;
  error: AppErrorDto | null;
}

export interface SubmitOutcome {
  songKey: string;
  title: string;
  task: TaskDto | null;
  error: AppErrorDto | null;
}

export interface PendingDuplicate {
  request: SubmitRequest;
  title: string;
  warning: DuplicateWarningDto | null;
}

interface SeparateState {
  input: string;
  invalidIds: string[];
  lookups: Lookup[];
  /** Chosen songs as `<generation task id>/<suno id>`. */
  selected: string[];
  mode: SeparationMode;
  balance: number | null;
  balanceError: AppErrorDto | null;
  submitting: boolean;
  outcomes: SubmitOutcome[];
  duplicates: PendingDuplicate[];
  setInput(text: string): void;
  lookUp(): Promise<void>;
  toggleSong(songKey: string): void;
  setMode(mode: SeparationMode): void;
  loadBalance(): Promise<void>;
  submit(): Promise<void>;
  confirmDuplicates(): Promise<void>;
  dismissDuplicates(): void;
}

export function songKey(generationTaskId: string, sunoId: string): string {
  return `${generationTaskId}/${sunoId}`;
}

/** Finds the title of a chosen song among the lookups, for outcome messages. */
function titleOf(lookups: readonly Lookup[], key: string): string {
  for (const lookup of lookups) {
    for (const song of lookup.generation?.songs ?? []) {
      if (songKey(lookup.generationTaskId, song.sunoId) === key) return song.title || song.sunoId;
    }
  }
  return key;
}

export const useSeparateStore = create<SeparateState>()((set, get) => {
  /**
   * Submits each request in turn; duplicates wait for confirmation, other outcomes are listed.
   * `earlier` are outcomes to keep, such as those of the first round before duplicates were confirmed.
   */
  const submitAll = async (requests: readonly SubmitRequest[], earlier: readonly SubmitOutcome[]): Promise<void> => {
    set({ submitting: true, outcomes: [...earlier], duplicates: [] });
    const outcomes: SubmitOutcome[] = [...earlier];
    const duplicates: PendingDuplicate[] = [];

    for (const request of requests) {
      const key = songKey(request.generationTaskId, request.sunoId);
      const title = titleOf(get().lookups, key);
      const result = await useTasksStore.getState().submit(request);
      if (result.ok) {
        outcomes.push({ songKey: key, title, task: result.value, error: null });
      } else if (result.error.code === 'duplicate') {
        duplicates.push({ request, title, warning: result.error.duplicate ?? null });
      } else {
        outcomes.push({ songKey: key, title, task: null, error: result.error });
      }
    }

    const submitted = new Set(outcomes.filter((outcome) => outcome.task).map((outcome) => outcome.songKey));
    set({
      submitting: false,
      outcomes,
      duplicates,
      selected: get().selected.filter((key) => !submitted.has(key)),
    });
    void get().loadBalance();
  };

  return {
    input: '',
    invalidIds: [],
    lookups: [],
    selected: [],
    mode: 'vocal',
    balance: null,
    balanceError: null,
    submitting: false,
    outcomes: [],
    duplicates: [],

    setInput: (text) => set({ input: text }),

    lookUp: async () => {
      const { ids, invalid } = parseTaskIds(get().input);
      const lookups: Lookup[] = ids.map((id) => ({ generationTaskId: id, state: 'loading', generation: null, error: null }));
      set({ invalidIds: invalid, lookups, selected: [], outcomes: [], duplicates: [] });

      await Promise.all(
        ids.map(async (id) => {
          const result = await bridge.songs.lookup(id);
          const finished: Lookup = result.ok
            ? { generationTaskId: id, state: 'done', generation: result.value, error: null }
            : { generationTaskId: id, state: 'failed', generation: null, error: result.error };
          set({ lookups: get().lookups.map((lookup) => (lookup.generationTaskId === id ? finished : lookup)) });
          // A generation with a single song needs no choice: select it.
          if (result.ok && result.value.songs.length === 1 && result.value.songs[0]) {
            set({ selected: [...get().selected, songKey(id, result.value.songs[0].sunoId)] });
          }
        }),
      );
    },

    toggleSong: (key) => {
      const selected = get().selected;
      set({ selected: selected.includes(key) ? selected.filter((item) => item !== key) : [...selected, key] });
    },

    setMode: (mode) => set({ mode }),

    loadBalance: async () => {
      const result = await bridge.account.balance();
      if (result.ok) set({ balance: result.value.balance, balanceError: null });
      else set({ balanceError: result.error });
    },

    submit: async () => {
      const { selected, mode } = get();
      const requests = selected.map((key): SubmitRequest => {
        const slash = key.indexOf('/');
        return { generationTaskId: key.slice(0, slash), sunoId: key.slice(slash + 1), mode };
      });
      await submitAll(requests, []);
    },

    confirmDuplicates: async () => {
      const requests = get().duplicates.map((duplicate) => ({ ...duplicate.request, confirmDuplicate: true }));
      await submitAll(requests, get().outcomes);
    },

    dismissDuplicates: () => set({ duplicates: [] }),
  };
});
