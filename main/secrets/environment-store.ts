// EnvironmentStore: the API key from the CRUN_API_KEY environment variable. It overrides every
// other store and is read-only, because the app cannot change its own environment for next time.
import { AppError } from '../errors.js';
import { registerSecret } from '../log/redact.js';
import { normalizeApiKey } from './api-key.js';
import { API_KEY_ENV_VAR, type SecretStore, type SecretStoreStatus } from './types.js';

export class EnvironmentStore implements SecretStore {
  private readonly key: string | null;
  private readonly invalid: AppError | null;

  constructor(rawValue: string) {
    // Registered before validation, because an invalid value is still somebody's secret and must
    // not reach the log either.
    registerSecret(rawValue.trim());
    try {
      this.key = normalizeApiKey(rawValue, `The ${API_KEY_ENV_VAR} environment variable`);
      this.invalid = null;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.key = null;
      this.invalid = new AppError('invalid_argument', `${error.message} Fix or unset ${API_KEY_ENV_VAR} and restart Stemcrate.`);
    }
  }

  /** Returns the key, or throws `invalid_argument` when the variable contains an invalid key. */
  async getKey(): Promise<string | null> {
    if (this.invalid) throw this.invalid;
    return this.key;
  }

  async setKey(_apiKey: string): Promise<void> {
    throw this.readOnlyError('set');
  }

  async deleteKey(): Promise<void> {
    throw this.readOnlyError('delete');
  }

  async status(): Promise<SecretStoreStatus> {
    const status: SecretStoreStatus = { isSet: this.key !== null, storage: 'environment' };
    if (this.invalid) status.problem = this.invalid.message;
    return status;
  }

  private readOnlyError(action: 'set' | 'delete'): AppError {
    const change = action === 'set' ? `Set ${API_KEY_ENV_VAR} to the new key` : `Unset ${API_KEY_ENV_VAR}`;
    return new AppError(
      'invalid_argument',
      `The API key comes from the ${API_KEY_ENV_VAR} environment variable, so Stemcrate cannot ${action} it. ` +
        `${change} and restart Stemcrate.`,
    );
  }
}
