// MemoryStore: the API key for this run only, used when neither the keychain nor encrypted file
// storage is available. The key is lost when the process exits.
import { forgetSecret, registerSecret } from '../log/redact.js';
import { getLogger } from '../log/logger.js';
import { normalizeApiKey } from './api-key.js';
import type { SecretStore, SecretStoreStatus } from './types.js';

const log = getLogger('secrets');

export class MemoryStore implements SecretStore {
  private key: string | null = null;

  /** `problem` explains why the key is kept in memory and is returned by `status()`. */
  constructor(private readonly problem?: string) {}

  async getKey(): Promise<string | null> {
    return this.key;
  }

  async setKey(apiKey: string): Promise<void> {
    const key = normalizeApiKey(apiKey);
    registerSecret(key);
    this.key = key;
    log.info('API key kept in memory for this run only');
  }

  async deleteKey(): Promise<void> {
    forgetSecret(this.key);
    this.key = null;
    log.info('API key removed from memory');
  }

  async status(): Promise<SecretStoreStatus> {
    const status: SecretStoreStatus = { isSet: this.key !== null, storage: 'memory' };
    if (this.problem !== undefined) status.problem = this.problem;
    return status;
  }
}
