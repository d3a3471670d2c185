// AppError: the one error type main-process services throw for expected failures. Each carries a
// code from the IPC contract, so every layer (IPC, CLI, renderer) maps it to one message.
import type { AppErrorDto, DuplicateWarningDto, ErrorCode } from '../preload/contract.js';
import { redactText } from './log/redact.js';

export interface AppErrorOptions {
  detail?: string;
  cause?: unknown;
  /** HTTP status or envelope code that produced the error, when one did. */
  status?: number;
  /** Server-requested delay before a retry, in milliseconds. */
  retryAfterMs?: number;
  duplicate?: DuplicateWarningDto;
  /**
   * The sentence on how an app user fixes the error, naming Settings or a button. It ends the
   * message, and the command line prints `problem` with its own advice in its place.
   */
  appAdvice?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly duplicate: DuplicateWarningDto | undefined;
  /** The message without the app user's advice. */
  readonly problem: string;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    const problem = redactText(message);
    super(options.appAdvice === undefined ? problem : `${problem} ${redactText(options.appAdvice)}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.problem = problem;
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail === undefined ? undefined : redactText(options.detail);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.duplicate = options.duplicate;
  }

  toDto(): AppErrorDto {
    const dto: AppErrorDto = { code: this.code, message: this.message };
    if (this.detail !== undefined) dto.detail = this.detail;
    if (this.duplicate !== undefined) dto.duplicate = this.duplicate;
    return dto;
  }
}

/** Converts any thrown value to an AppError, keeping AppErrors as they are. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `Unexpected error: ${message}`, { cause: error });
}
