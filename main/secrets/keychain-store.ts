// KeychainStore: the API key in the OS keychain (Secret Service, macOS Keychain or Windows
// Credential Manager) through keytar.
import { AppError } from '../errors.js';
import { forgetSecret, registerSecret } from '../log/redact.js';
import { getLogger } from '../log/logger.js';
import { normalizeApiKey } from './api-key.js';
import { classifyKeychainError } from './keychain-problems.js';
import { KEYCHAIN_ACCOUNT, KEYCHAIN_SERVICE, type KeytarLike, type SecretStore, type SecretStoreStatus } from './types.js';

const log = getLogger('secrets');

export interface KeychainStoreOptions {
  /** Keychain service name; tests pass their own so that they never touch a user's real key. */
  service?: string;
  platform?: NodeJS.Platform;
}

export class KeychainStore implements SecretStore {
  private readonly service: string;
  private readonly platform: NodeJS.Platform;

  constructor(
    private readonly backend: KeytarLike,
    options: KeychainStoreOptions = {},
  ) {
    this.service = options.service ?? KEYCHAIN_SERVICE;
    this.platform = options.platform ?? process.platform;
  }

  /**
   * Reads the key. On Linux a keyring that was locked after startup reads as null rather than
   * failing (libsecret 0.20 with gnome-keyring 42), so it looks like a missing key here.
   */
  async getKey(): Promise<string | null> {
    let key: string | null;
    try {
      key = await this.backend.getPassword(this.service, KEYCHAIN_ACCOUNT);
    } catch (error) {
      throw this.failure('read', error);
    }
    registerSecret(key);
    return key;
  }

  async setKey(apiKey: string): Promise<void> {
    const key = normalizeApiKey(apiKey);
    // Registered before the call, so that an error message which echoes the key is scrubbed too.
    registerSecret(key);
    try {
      await this.backend.setPassword(this.service, KEYCHAIN_ACCOUNT, key);
    } catch (error) {
      throw this.failure('save', error);
    }
    log.info({ service: this.service }, 'API key saved to the keychain');
  }

  async deleteKey(): Promise<void> {
    // The old key is read first only so that it can be removed from the log scrubber's registry.
    const oldKey = await this.getKey();
    try {
      await this.backend.deletePassword(this.service, KEYCHAIN_ACCOUNT);
    } catch (error) {
      throw this.failure('delete', error);
    }
    forgetSecret(oldKey);
    log.info({ service: this.service }, 'API key deleted from the keychain');
  }

  /** Never throws: a keychain that fails after startup is reported in `problem`. */
  async status(): Promise<SecretStoreStatus> {
    try {
      return { isSet: (await this.getKey()) !== null, storage: 'keychain' };
    } catch (error) {
      const message = error instanceof AppError ? error.message : String(error);
      return { isSet: false, storage: 'keychain', problem: message };
    }
  }

  private failure(action: 'read' | 'save' | 'delete', error: unknown): AppError {
    const problem = classifyKeychainError(error, this.platform);
    log.error({ err: error, code: problem.code, service: this.service }, `keychain ${action} failed`);
    return new AppError('keychain_unavailable', `Could not ${action} the API key in the keychain. ${problem.message}`, {
      cause: error,
      ...(problem.cause === undefined ? {} : { detail: problem.cause }),
    });
  }
}
