// SafeStorageStore: the API key encrypted by Electron's safeStorage in a file in the app's data
// folder, for when the keychain is unavailable. It only accepts a safeStorage that really encrypts.
import { readFile, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { AppError } from '../errors.js';
import { forgetSecret, registerSecret } from '../log/redact.js';
import { getLogger } from '../log/logger.js';
import { normalizeApiKey } from './api-key.js';
import type { SafeStorageLike, SecretStore, SecretStoreStatus } from './types.js';

const log = getLogger('secrets');

/** Name of the encrypted key file inside the data folder. */
export const SAFE_STORAGE_FILE_NAME = 'api-key.safe-storage';

export type SafeStorageCheck = { usable: true; safeStorage: SafeStorageLike } | { usable: false; reason: string };

/**
 * Checks that `safeStorage` encrypts. On Linux, Electron may select the `basic_text` backend,
 * which encrypts with a fixed, publicly known password, so that backend is rejected, and so is a
 * backend that cannot be named.
 */
export function checkSafeStorage(safeStorage: SafeStorageLike | undefined, platform: NodeJS.Platform = process.platform): SafeStorageCheck {
  if (!safeStorage) {
    return { usable: false, reason: "Encrypted file storage needs Electron's safeStorage, which this process does not have." };
  }

  let available: boolean;
  try {
    available = safeStorage.isEncryptionAvailable();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { usable: false, reason: `Electron's safeStorage failed to report whether it can encrypt: ${message}.` };
  }
  if (!available) {
    return { usable: false, reason: "Electron's safeStorage reports that encryption is not available." };
  }
  if (platform !== 'linux') return { usable: true, safeStorage };

  const backend = safeStorage.getSelectedStorageBackend?.();
  if (backend === undefined) {
    return { usable: false, reason: "Electron's safeStorage does not name its Linux backend, so it may not encrypt at all." };
  }
  if (backend === 'basic_text') {
    return {
      usable: false,
      reason:
        "Electron's safeStorage uses its basic_text backend, which encrypts with a fixed, publicly known password " +
        'and so does not protect the key. Electron selects it when it finds no gnome-keyring or KWallet, or when ' +
        'started with --password-store=basic.',
    };
  }
  if (backend === 'unknown') {
    // Electron reports 'unknown' before the app's ready event, when no backend has been chosen yet.
    return { usable: false, reason: "Electron's safeStorage has not chosen a backend yet (it reports 'unknown')." };
  }
  return { usable: true, safeStorage };
}

export interface SafeStorageStoreOptions {
  safeStorage: SafeStorageLike | undefined;
  dataDir: string;
  platform?: NodeJS.Platform;
  /** Reason the keychain is not used, returned by `status()` as the problem. */
  keychainProblem?: string;
}

export class SafeStorageStore implements SecretStore {
  readonly file: string;
  private readonly safeStorage: SafeStorageLike;
  private readonly keychainProblem: string | undefined;

  /** Throws `AppError('keychain_unavailable')` with the reason when `safeStorage` does not encrypt. */
  constructor(options: SafeStorageStoreOptions) {
    const check = checkSafeStorage(options.safeStorage, options.platform);
    if (!check.usable) {
      throw new AppError('keychain_unavailable', `Cannot keep the API key in an encrypted file. ${check.reason}`);
    }
    this.safeStorage = check.safeStorage;
    this.file = path.join(options.dataDir, SAFE_STORAGE_FILE_NAME);
    this.keychainProblem = options.keychainProblem;
  }

  /** Returns the decrypted key, null when no key file exists. */
  async getKey(): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw this.fileError('read', error);
    }

    let key: string;
    try {
      key = this.safeStorage.decryptString(encrypted);
    } catch (error) {
      log.error({ err: error, file: this.file }, 'decrypting the saved API key failed');
      throw new AppError(
        'storage',
        `The saved API key in ${this.file} could not be decrypted, for example because it was encrypted under ` +
          'another user account. Enter the key again to replace it.',
        { cause: error },
      );
    }
    registerSecret(key);
    return key;
  }

  async setKey(apiKey: string): Promise<void> {
    const key = normalizeApiKey(apiKey);
    registerSecret(key);

    let encrypted: Buffer;
    try {
      encrypted = this.safeStorage.encryptString(key);
    } catch (error) {
      log.error({ err: error }, 'encrypting the API key failed');
      throw new AppError('storage', "Electron's safeStorage failed to encrypt the API key. Restart Stemcrate and try again.", {
        cause: error,
      });
    }

    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      // Owner-only permissions, although the content is encrypted anyway.
      await writeFileAtomic(this.file, encrypted, { mode: 0o600 });
    } catch (error) {
      throw this.fileError('write', error);
    }
    log.info({ file: this.file }, 'API key saved to the encrypted key file');
  }

  async deleteKey(): Promise<void> {
    let oldKey: string | null = null;
    try {
      oldKey = await this.getKey();
    } catch {
      // An unreadable file is deleted all the same. Its key was never registered, so there is
      // nothing to forget.
    }
    try {
      await rm(this.file, { force: true });
    } catch (error) {
      throw this.fileError('delete', error);
    }
    forgetSecret(oldKey);
    log.info({ file: this.file }, 'encrypted key file deleted');
  }

  /** Never throws: an unreadable key file is reported in `problem`. */
  async status(): Promise<SecretStoreStatus> {
    const status: SecretStoreStatus = { isSet: false, storage: 'safe-storage' };
    const problems: string[] = this.keychainProblem === undefined ? [] : [this.keychainProblem];
    try {
      status.isSet = (await this.getKey()) !== null;
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
    if (problems.length > 0) status.problem = problems.join(' ');
    return status;
  }

  private fileError(action: 'read' | 'write' | 'delete', error: unknown): AppError {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: error, file: this.file }, `${action} of the encrypted key file failed`);
    if (code === 'ENOSPC') {
      return new AppError('disk_full', `The disk is full, so the API key could not be saved to ${this.file}. Free some space and try again.`, {
        cause: error,
      });
    }
    return new AppError(
      'storage',
      `Could not ${action} the encrypted key file ${this.file}: ${message}. Check that the folder exists and is writable.`,
      { cause: error },
    );
  }
}
