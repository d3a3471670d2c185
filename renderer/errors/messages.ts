// The one place that turns an error code into words for the user: one short sentence and one
// action per code. Main's own message names the exact value; it is shown under the sentence.
import type { AppErrorDto, ErrorCode } from '../../preload/contract.js';

/**
 * The crun.ai site, where the account's credits are bought.
 * NOTE: the provider's billing page path is not documented, so the link opens the site's home page.
 */
export const TOP_UP_URL = 'https://crun.ai/';

export type ErrorAction =
  | { kind: 'set-key'; label: string }
  | { kind: 'top-up'; label: string; url: string }
  | { kind: 'retry'; label: string }
  | { kind: 'separate-again'; label: string }
  | { kind: 'open-settings'; label: string }
  | { kind: 'none' };

export interface ErrorText {
  sentence: string;
  action: ErrorAction;
}

const SET_KEY: ErrorAction = { kind: 'set-key', label: 'Set key' };
const RETRY: ErrorAction = { kind: 'retry', label: 'Retry' };
const NONE: ErrorAction = { kind: 'none' };

export const ERROR_TEXT: Readonly<Record<ErrorCode, ErrorText>> = {
  no_key: { sentence: 'No API key is set.', action: SET_KEY },
  invalid_key: { sentence: 'Your API key was rejected.', action: SET_KEY },
  insufficient_credits: { sentence: 'Not enough credits.', action: { kind: 'top-up', label: 'Top up credits', url: TOP_UP_URL } },
  not_found: { sentence: 'crun.ai does not know this task id.', action: NONE },
  validation: { sentence: 'crun.ai rejected the request.', action: NONE },
  rate_limited: { sentence: 'crun.ai is limiting requests; the app retries by itself.', action: NONE },
  maintenance: { sentence: 'crun.ai is down for maintenance.', action: { kind: 'retry', label: 'Retry later' } },
  server_error: { sentence: 'crun.ai had a server error.', action: RETRY },
  generation_failed: { sentence: 'crun.ai could not separate this song.', action: RETRY },
  feature_disabled: { sentence: 'crun.ai has turned this feature off for now.', action: NONE },
  network: { sentence: 'Cannot reach crun.ai. Check your internet connection.', action: RETRY },
  timeout: { sentence: 'crun.ai did not respond in time.', action: RETRY },
  bad_response: { sentence: 'crun.ai sent a response the app cannot read.', action: RETRY },
  keychain_unavailable: {
    sentence: 'The system keychain is not available, so the key cannot be stored safely.',
    action: { kind: 'open-settings', label: 'Open settings' },
  },
  duplicate: {
    sentence: 'This song was already separated in this mode. Separating it again costs credits again.',
    action: { kind: 'separate-again', label: 'Separate again' },
  },
  expired: { sentence: 'crun.ai has deleted these files: it keeps them for 14 days.', action: NONE },
  disk_full: { sentence: 'The disk is full. Free some space, then retry.', action: RETRY },
  storage: { sentence: 'The library folder could not be written.', action: { kind: 'open-settings', label: 'Open settings' } },
  invalid_argument: { sentence: 'The app sent an invalid request.', action: NONE },
  internal: { sentence: 'Something went wrong inside the app.', action: NONE },
};

export interface ErrorView extends ErrorText {
  code: ErrorCode;
  /** Main's message when it adds to the sentence; null when it would repeat it. */
  message: string | null;
  detail: string | null;
}

/** Builds what an error notice shows: the code's sentence and action, plus main's specific message. */
export function describeError(error: AppErrorDto): ErrorView {
  const text = ERROR_TEXT[error.code] ?? ERROR_TEXT.internal;
  const message = error.message.trim();
  return {
    code: error.code,
    sentence: text.sentence,
    action: text.action,
    message: message === '' || message === text.sentence ? null : message,
    detail: error.detail?.trim() || null,
  };
}
