// Exit codes of the `stemcrate` command and the mapping from error codes to them.
import type { ErrorCode } from '../../preload/contract.js';

export const EXIT = {
  ok: 0,
  /** The task failed, was lost, or the service could not be reached. */
  taskFailed: 1,
  usage: 2,
  /** No usable key, or the API rejected the request: bad key, no credits, validation, feature disabled. */
  rejected: 3,
  /** A download or the library's storage failed. */
  storage: 4,
} as const;

const BY_CODE: Record<ErrorCode, number> = {
  no_key: EXIT.rejected,
  invalid_key: EXIT.rejected,
  insufficient_credits: EXIT.rejected,
  validation: EXIT.rejected,
  feature_disabled: EXIT.rejected,
  not_found: EXIT.rejected,
  keychain_unavailable: EXIT.rejected,
  duplicate: EXIT.usage,
  invalid_argument: EXIT.usage,
  rate_limited: EXIT.taskFailed,
  maintenance: EXIT.taskFailed,
  server_error: EXIT.taskFailed,
  generation_failed: EXIT.taskFailed,
  network: EXIT.taskFailed,
  timeout: EXIT.taskFailed,
  bad_response: EXIT.taskFailed,
  internal: EXIT.taskFailed,
  expired: EXIT.storage,
  disk_full: EXIT.storage,
  storage: EXIT.storage,
};

export function exitCodeFor(code: ErrorCode): number {
  return BY_CODE[code];
}
