// The wording of errors on the command line: main's messages speak to app users ("in Settings",
// "Confirm"), so the command names its own way to fix them.
import type { AppError } from '../errors.js';

export function cliMessage(error: Pick<AppError, 'code' | 'message'>): string {
  switch (error.code) {
    case 'no_key':
    case 'invalid_key':
      return `${withoutSettingsAdvice(error.message)} Store a key with "stemcrate key set < key.txt", or set CRUN_API_KEY.`;
    case 'duplicate':
      return `${error.message} Add --confirm-duplicate to submit it anyway.`;
    default:
      return error.message;
  }
}

/** Drops the sentences that send an app user to Settings. */
function withoutSettingsAdvice(message: string): string {
  return message
    .split(/(?<=\.)\s+/)
    .filter((sentence) => !/\bin Settings\b/.test(sentence))
    .join(' ');
}
