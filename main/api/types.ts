// Domain types of the crun.ai client: what the rest of the main process sees after a response has
// been validated and normalised. Raw provider shapes stay inside main/api/.
import type { SeparationMode } from '../../preload/contract.js';

/** The provider spells the model without the final "n"; the task query echoes that spelling. */
export const SEPARATION_MODEL = 'suno/vocal-separatio';
export const DEFAULT_API_BASE = 'https://api.crun.ai';

export type ProviderStatus = 'pending' | 'running' | 'success' | 'failed' | 'unknown';

export interface StemLink {
  /** Stem key without the `_url` suffix: `origin`, `vocal`, `drums`, or an unknown provider key. */
  key: string;
  /** The provider's field name, for example `drums_url`. */
  sourceKey: string;
  /** Human label, for example `Drums`, `Backing Vocals`; derived from the key when unknown. */
  label: string;
  /** An http or https URL; anything else is moved to `rejectedStems`. */
  url: string;
}

export interface SeparationTaskInfo {
  taskId: string;
  status: ProviderStatus;
  /** The status string as sent, kept for unknown values. */
  rawStatus: string;
  /** Unix seconds, as sent. */
  createAt: number | null;
  completeAt: number | null;
  durationSeconds: number | null;
  credits: number | null;
  mode: SeparationMode | null;
  stems: StemLink[];
  rejectedStems: { sourceKey: string; reason: string }[];
  /** Present on `failed` tasks (and on a success that carries a code). */
  failure: { code: string | null; message: string | null } | null;
}

export interface SunoSong {
  sunoId: string;
  title: string;
  audioUrl: string | null;
  imageUrl: string | null;
  imageLargeUrl: string | null;
  durationSeconds: number | null;
  tags: string;
  model: string | null;
  /** Unix seconds, when the provider sends a creation time. */
  createdAt: number | null;
}

export interface GenerationTaskInfo {
  taskId: string;
  status: ProviderStatus;
  rawStatus: string;
  prompt: string;
  title: string;
  tags: string;
  lyrics: string;
  model: string | null;
  songs: SunoSong[];
}

export interface CreateSeparationInput {
  generationTaskId: string;
  sunoId: string;
  mode: SeparationMode;
}

/**
 * The crun.ai client. Each method makes one request through the shared rate limiter and throws
 * AppError with a contract code for every failure (HTTP status, envelope code, invalid body).
 */
export interface CrunClient {
  createSeparation(input: CreateSeparationInput, signal?: AbortSignal): Promise<{ taskId: string }>;
  getSeparationTask(taskId: string, signal?: AbortSignal): Promise<SeparationTaskInfo>;
  getGenerationTask(taskId: string, signal?: AbortSignal): Promise<GenerationTaskInfo>;
  getBalance(signal?: AbortSignal): Promise<number>;
}
