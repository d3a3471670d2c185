// The wording of errors on the command line. Some of main's errors end with advice for app users
// ("in Settings", "Confirm"). For those the command prints the problem with its own advice.
import type { AppError } from '../errors.js';

export function cliMessage(error: Pick<AppError, 'code' | 'message' | 'problem'>): string {
  switch (error.code) {
    case 'no_key':
    case 'invalid_key':
      return `${error.problem} Store a key with "stemcrate key set < key.txt", or set CRUN_API_KEY.`;
    case 'duplicate':
      return `${error.problem} Add --confirm-duplicate to submit it anyway.`;
    default:
      return error.message;
  }
}
