// Request and result of store-child.ts, shared with the tests that start it.
import type { ProbeResult } from '../../main/secrets/probe.js';
import type { SecretStoreStatus } from '../../main/secrets/types.js';

export interface ChildRequest {
  /** Data folder for the encrypted key file. */
  dataDir: string;
  service: string;
  safeStorage?: 'encrypting' | 'basic_text';
  /** Lock the login collection over D-Bus before probing. */
  lockLoginCollection?: boolean;
  /** Key to set through the store after it is created. */
  setKey?: string;
  /** Use a KeychainStore directly instead of the store that createSecretStore chooses. */
  keychainStoreOnly?: boolean;
}

export interface ChildResult {
  probe: ProbeResult;
  status: SecretStoreStatus;
  statusAfterSet?: SecretStoreStatus;
  setError?: string;
  /** Whether getKey returned the key that was set. */
  keyRoundTrip?: boolean;
  logLines: string[];
}

/** Prefix of the one stdout line that carries the result as JSON. */
export const RESULT_PREFIX = 'RESULT ';
