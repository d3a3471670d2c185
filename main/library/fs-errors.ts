// Maps file system errors to AppErrors with contract codes and a message naming the path and the fix.
import { AppError } from '../errors.js';

/** Converts a failed file operation to AppError `disk_full`, `storage` or `not_found`; AppErrors pass through. */
export function toStorageError(error: unknown, action: string, target: string): AppError {
  if (error instanceof AppError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('disk_full', `Could not ${action} "${target}": the disk is full. Free some space and try again.`, { cause: error });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('storage', `Could not ${action} "${target}": permission denied. Check that the library folder is writable.`, { cause: error });
    case 'ENOENT':
      return new AppError('not_found', `Could not ${action} "${target}": it no longer exists. Rescan the library if files were moved by hand.`, { cause: error });
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new AppError('storage', `Could not ${action} "${target}": ${detail}`, { cause: error });
    }
  }
}
