// The typed IPC contract between the main process and the renderer. Main implements `StemcrateApi`
// (main/ipc/), the preload exposes it as `window.stemcrate`, and the renderer consumes it.
// This file and contract-library.ts hold only types and constants and import nothing else, so both
// TypeScript projects use them.
import type {
  LibraryQuery,
  LibrarySummaryDto,
  SongDetailDto,
  SongListItemDto,
  SongUpdate,
  WaveformDto,
} from './contract-library.js';

export type * from './contract-library.js';

export type SeparationMode = 'vocal' | 'instrumental';

/** Every error code the app shows; the renderer maps each to one sentence and one action. */
export const ERROR_CODES = [
  'no_key',
  'invalid_key',
  'insufficient_credits',
  'not_found',
  'validation',
  'rate_limited',
  'maintenance',
  'server_error',
  'generation_failed',
  'feature_disabled',
  'network',
  'timeout',
  'bad_response',
  'keychain_unavailable',
  'duplicate',
  'expired',
  'disk_full',
  'storage',
  'invalid_argument',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorDto {
  code: ErrorCode;
  /** One sentence for the user: what failed and what to do. Never contains the API key. */
  message: string;
  /** Extra facts for the details view (HTTP status, provider message, folder). */
  detail?: string;
  /** Present for duplicate submissions: what a confirmed submission would cost. */
  duplicate?: DuplicateWarningDto;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorDto };

// ---- API key ----

export type KeyStorage = 'keychain' | 'safe-storage' | 'memory' | 'environment' | 'none';

export interface KeyStatusDto {
  isSet: boolean;
  storage: KeyStorage;
  /** Reason the keychain cannot be used and how to fix it; absent when it works. */
  keychainProblem?: string;
  /** True when the app talks to the local sandbox simulator instead of crun.ai. */
  sandbox: boolean;
  /** A key the sandbox simulator accepts, shown as a hint on the key form. Set only when `sandbox` is true. */
  sandboxKeyHint?: string;
}

// ---- Songs of a generation task ----

export interface SunoSongDto {
  sunoId: string;
  title: string;
  /** Cover image URL as the provider sent it (http or https only; others are dropped). */
  imageUrl: string | null;
  durationSeconds: number | null;
  tags: string;
  model: string | null;
}

export interface GenerationDto {
  generationTaskId: string;
  status: string;
  prompt: string;
  songs: SunoSongDto[];
}

// ---- Separation tasks ----

export type TaskState =
  | 'submitting'
  | 'maybe_submitted'
  | 'pending'
  | 'running'
  | 'downloading'
  | 'done'
  | 'failed'
  | 'lost'
  | 'expired'
  | 'cancelled'
  | 'paused';

export interface StemProgressDto {
  key: string;
  label: string;
  bytes: number;
  totalBytes: number | null;
  state: 'queued' | 'downloading' | 'ready' | 'failed' | 'expired';
}

export interface TaskDto {
  /** Local record id; stable before the provider's task id is known. */
  id: string;
  /** The provider's separation task id, null while submitting. */
  taskId: string | null;
  generationTaskId: string;
  sunoId: string;
  songTitle: string;
  mode: SeparationMode;
  state: TaskState;
  /** Provider status as last seen, including unknown values. */
  providerStatus: string | null;
  createdAt: number;
  updatedAt: number;
  /** Provider completion time in ms since the epoch, when known. */
  completedAt: number | null;
  /** When the provider deletes the stems (completion + 14 days), when known. */
  expiresAt: number | null;
  credits: number | null;
  stems: StemProgressDto[];
  error: AppErrorDto | null;
  /** Library song id once stems are in the library. */
  songId: string | null;
}

export interface SubmitRequest {
  generationTaskId: string;
  sunoId: string;
  mode: SeparationMode;
  /** Required to submit a song and mode already separated or in flight. */
  confirmDuplicate?: boolean;
}

export interface DuplicateWarningDto {
  existingTaskIds: string[];
  existingState: TaskState[];
  /** Credits the last comparable task cost, when known. */
  estimatedCredits: number | null;
  balance: number | null;
}

// ---- Settings ----

export interface SettingsDto {
  apiBase: string;
  libraryDir: string;
  pollIntervalSeconds: number;
  parallelDownloads: number;
  namingTemplate: string;
}

/**
 * Settings the renderer may change. The library folder moves through its own channel, and the API
 * address is read-only here: a page that could change it could send the key elsewhere.
 */
export type SettingsUpdate = Partial<Omit<SettingsDto, 'libraryDir' | 'apiBase'>>;

/** Limits of the values a user may save in Settings. The form checks them first, and main again. */
export const SETTINGS_LIMITS = {
  pollIntervalSeconds: { min: 5, max: 600 },
  parallelDownloads: { min: 1, max: 16 },
  namingTemplateLength: 200,
} as const;

/** Example names a naming template produces, for the live preview in settings. */
export interface NamingPreviewDto {
  folderName: string;
  fileNames: string[];
}

export interface LibraryMoveDto {
  /** False when the user closed the folder picker without choosing. */
  moved: boolean;
  summary: LibrarySummaryDto;
  /** Entries left behind (symbolic links), relative to the old folder. */
  skipped: string[];
}

// ---- Notices ----

/** A problem the app found outside any one task or song, such as task records it could not read. */
export interface NoticeDto {
  id: string;
  level: 'warning' | 'error';
  /** Description of what happened and what it means for the user, in one or two sentences. */
  message: string;
}

// ---- Events from main ----

export type StemcrateEvent =
  | { type: 'task'; task: TaskDto }
  | { type: 'task-removed'; id: string }
  | { type: 'library'; summary: LibrarySummaryDto }
  | { type: 'key'; status: KeyStatusDto }
  | { type: 'notices'; notices: NoticeDto[] };

/** The object the preload exposes as `window.stemcrate`. Each method is one IPC channel. */
export interface StemcrateApi {
  key: {
    status(): Promise<KeyStatusDto>;
    set(apiKey: string): Promise<Result<KeyStatusDto>>;
    remove(): Promise<Result<KeyStatusDto>>;
    /** Checks the stored key against the API by reading the balance. */
    test(): Promise<Result<{ balance: number }>>;
  };
  account: {
    balance(): Promise<Result<{ balance: number }>>;
  };
  songs: {
    lookup(generationTaskId: string): Promise<Result<GenerationDto>>;
  };
  tasks: {
    list(): Promise<TaskDto[]>;
    submit(request: SubmitRequest): Promise<Result<TaskDto>>;
    cancel(id: string): Promise<Result<TaskDto>>;
    retry(id: string, confirm: boolean): Promise<Result<TaskDto>>;
    remove(id: string): Promise<Result<null>>;
  };
  library: {
    list(query: LibraryQuery): Promise<SongListItemDto[]>;
    get(songId: string): Promise<Result<SongDetailDto>>;
    summary(): Promise<LibrarySummaryDto>;
    update(songId: string, update: SongUpdate): Promise<Result<SongDetailDto>>;
    trash(songId: string): Promise<Result<null>>;
    reveal(songId: string): Promise<Result<null>>;
    /**
     * Asks the user for a new library folder with the OS folder picker (in main, so no path comes
     * from the page) and moves the whole library there.
     */
    chooseFolderAndMove(): Promise<Result<LibraryMoveDto>>;
    /** Waveform peaks of a stored stem, computed once per file and cached on disk. */
    peaks(stemId: string): Promise<Result<WaveformDto>>;
    /** Starts an OS drag of stored stem files; Electron only, a no-op error elsewhere. */
    startDrag(stemIds: string[]): void;
  };
  settings: {
    get(): Promise<SettingsDto>;
    update(update: SettingsUpdate): Promise<Result<SettingsDto>>;
    previewNaming(template: string): Promise<Result<NamingPreviewDto>>;
  };
  notices: {
    list(): Promise<NoticeDto[]>;
    dismiss(id: string): Promise<Result<null>>;
  };
  /** Subscribes to events from main; returns a function that unsubscribes. */
  onEvent(listener: (event: StemcrateEvent) => void): () => void;
}

/** IPC channel names, one per contract method, derived so the two sides cannot drift apart. */
export const CHANNELS = {
  keyStatus: 'key:status',
  keySet: 'key:set',
  keyRemove: 'key:remove',
  keyTest: 'key:test',
  accountBalance: 'account:balance',
  songsLookup: 'songs:lookup',
  tasksList: 'tasks:list',
  tasksSubmit: 'tasks:submit',
  tasksCancel: 'tasks:cancel',
  tasksRetry: 'tasks:retry',
  tasksRemove: 'tasks:remove',
  libraryList: 'library:list',
  libraryGet: 'library:get',
  librarySummary: 'library:summary',
  libraryUpdate: 'library:update',
  libraryTrash: 'library:trash',
  libraryReveal: 'library:reveal',
  libraryPeaks: 'library:peaks',
  libraryMove: 'library:move',
  libraryStartDrag: 'library:start-drag',
  settingsGet: 'settings:get',
  settingsUpdate: 'settings:update',
  settingsPreviewNaming: 'settings:preview-naming',
  noticesList: 'notices:list',
  noticesDismiss: 'notices:dismiss',
  event: 'stemcrate:event',
} as const;

export type ChannelName = (typeof CHANNELS)[keyof typeof CHANNELS];
