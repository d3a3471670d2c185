// The API key store seen by the rest of the main process. Only main/secrets/ touches the key's
// storage; callers get the key only to put it in a request header.
import type { KeyStorage } from '../../preload/contract.js';

export interface SecretStoreStatus {
  isSet: boolean;
  storage: KeyStorage;
  /**
   * Reason the key is not kept in the keychain or cannot be used, with the fix. Absent when the
   * keychain works. Never contains the key.
   */
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

/**
 * Account prefix of the throwaway entry that the keychain probe writes, reads back and deletes.
 * Each probe appends a random suffix, so two processes probing at once cannot read or delete
 * each other's entry.
 */
export const PROBE_ACCOUNT = 'stemcrate-probe';

/** Environment variable that, when set, supplies the API key and overrides every store. */
export const API_KEY_ENV_VAR = 'CRUN_API_KEY';

/** The three keytar calls the app uses; keytar-backend.ts adapts the native module to it. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  /** Resolves to false when there was no such entry. */
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** The part of Electron's `safeStorage` that the file-based fallback store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron: `basic_text`, `gnome_libsecret`, `kwallet`, `kwallet5`, `kwallet6` or `unknown`. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Reason the OS keychain cannot be used. Each code has its own message and fix per platform. */
export type KeychainProblemCode =
  | 'no_session_bus'
  | 'dbus_launch_missing'
  | 'no_secret_service'
  | 'no_collection'
  | 'locked'
  | 'readback_failed'
  | 'timeout'
  | 'keytar_unavailable'
  | 'unknown';

export interface KeychainProblem {
  code: KeychainProblemCode;
  /** User-facing text: the missing piece and its fix on this platform. */
  message: string;
  /** The keychain library's own error message, when there was one. */
  cause?: string;
}
