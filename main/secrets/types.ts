// The API key store seen by the rest of the main process. Only main/secrets/ touches the key's
// storage; callers get the key only to put it in a request header.
import type { KeyStorage } from '../../preload/contract.js';

export interface SecretStoreStatus {
  isSet: boolean;
  storage: KeyStorage;
  /** Why the keychain is not usable and how to fix it, when it is not. */
  problem?: string;
}

export interface SecretStore {
  getKey(): Promise<string | null>;
  setKey(apiKey: string): Promise<void>;
  deleteKey(): Promise<void>;
  status(): Promise<SecretStoreStatus>;
}

export const KEYCHAIN_SERVICE = 'Stemcrate';
export const KEYCHAIN_ACCOUNT = 'crun-api-key';
