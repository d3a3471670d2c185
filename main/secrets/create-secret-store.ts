// Chooses where the API key lives: the CRUN_API_KEY variable, the OS keychain, an encrypted file,
// or memory for this run only, in that order of preference.
import { getLogger } from '../log/logger.js';
import { EnvironmentStore } from './environment-store.js';
import { KeychainStore } from './keychain-store.js';
import { keychainProblem } from './keychain-problems.js';
import { loadKeytarBackend } from './keytar-backend.js';
import { MemoryStore } from './memory-store.js';
import { probeKeychain } from './probe.js';
import { checkSafeStorage, SafeStorageStore } from './safe-storage-store.js';
import { API_KEY_ENV_VAR, KEYCHAIN_SERVICE, type KeychainProblem, type KeytarLike, type SafeStorageLike, type SecretStore } from './types.js';

export type { SafeStorageLike } from './types.js';

const log = getLogger('secrets');

export interface CreateSecretStoreOptions {
  /** The app's data folder, which contains the encrypted key file when safeStorage is used. */
  dataDir: string;
  /** Environment read for CRUN_API_KEY; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Electron's safeStorage in the desktop app; absent in plain Node. */
  safeStorage?: SafeStorageLike;
  /** Keychain backend; defaults to keytar. */
  backend?: KeytarLike;
  /** Keychain service name; defaults to `Stemcrate`. Tests pass their own to keep away from a real key. */
  keychainService?: string;
  /** Platform whose fixes problem messages describe; defaults to the running one. */
  platform?: NodeJS.Platform;
  /** Time limit of the keychain probe in milliseconds. */
  probeTimeoutMs?: number;
}

/**
 * Moves a key left in the encrypted file into the keychain when the keychain has none, so that a
 * keychain which works again (for example after keytar was reinstalled) does not hide the key.
 * Failures are logged and leave the file in place.
 */
async function moveFileKeyToKeychain(keychain: KeychainStore, options: CreateSecretStoreOptions, platform: NodeJS.Platform): Promise<void> {
  if (!checkSafeStorage(options.safeStorage, platform).usable) return;
  const file = new SafeStorageStore({ safeStorage: options.safeStorage, dataDir: options.dataDir, platform });
  try {
    const fileKey = await file.getKey();
    if (fileKey === null || (await keychain.getKey()) !== null) return;
    await keychain.setKey(fileKey);
    await file.deleteKey();
    log.info({ file: file.file }, 'moved the API key from the encrypted key file to the keychain');
  } catch (error) {
    log.warn({ err: error, file: file.file }, 'moving the API key from the encrypted key file to the keychain failed');
  }
}

/** Loads the keychain backend and probes it; returns a store, or the problem that prevents one. */
async function openKeychain(
  options: CreateSecretStoreOptions,
  platform: NodeJS.Platform,
): Promise<{ store: KeychainStore; problem?: undefined } | { store?: undefined; problem: KeychainProblem }> {
  let backend = options.backend;
  if (!backend) {
    const loaded = loadKeytarBackend();
    if (!loaded.loaded) return { problem: keychainProblem('keytar_unavailable', { platform, cause: loaded.reason }) };
    backend = loaded.backend;
  }

  const service = options.keychainService ?? KEYCHAIN_SERVICE;
  const probe = await probeKeychain(backend, {
    service,
    platform,
    ...(options.probeTimeoutMs === undefined ? {} : { timeoutMs: options.probeTimeoutMs }),
  });
  if (!probe.usable) return { problem: probe.problem };
  return { store: new KeychainStore(backend, { service, platform }) };
}

/** The last sentence of the memory store's problem text: what it means for a running app. */
export const MEMORY_STORE_CONSEQUENCE = 'Until this is fixed, the API key is kept in memory for this run only and must be entered again after a restart.';

/** Builds the memory store's problem text from the keychain problem, the safeStorage reason and the consequence. */
function memoryProblem(keychain: KeychainProblem, safeStorageReason: string): string {
  return `${keychain.message} ${safeStorageReason} ${MEMORY_STORE_CONSEQUENCE}`;
}

/** Creates the store for this run. Never throws for an unusable keychain: it falls back instead. */
export async function createSecretStore(options: CreateSecretStoreOptions): Promise<SecretStore> {
  const platform = options.platform ?? process.platform;

  // 1. An explicit CRUN_API_KEY wins. An empty value counts as unset, so that a leftover
  //    `CRUN_API_KEY=` line in a shell profile does not hide the keychain.
  const fromEnvironment = (options.env ?? process.env)[API_KEY_ENV_VAR];
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    log.info(`API key taken from the ${API_KEY_ENV_VAR} environment variable`);
    return new EnvironmentStore(fromEnvironment);
  }

  // 2. The OS keychain, when a write and read-back succeed.
  const keychain = await openKeychain(options, platform);
  if (keychain.store) {
    await moveFileKeyToKeychain(keychain.store, options, platform);
    log.info('API key store: keychain');
    return keychain.store;
  }
  const problem = keychain.problem;

  // 3. A file encrypted by safeStorage, when it really encrypts.
  const safeStorageCheck = checkSafeStorage(options.safeStorage, platform);
  if (safeStorageCheck.usable) {
    log.warn({ code: problem.code }, 'keychain unavailable; API key store: encrypted file');
    return new SafeStorageStore({ safeStorage: options.safeStorage, dataDir: options.dataDir, platform, keychainProblem: problem.message });
  }

  // 4. Memory, for this run only.
  log.warn({ code: problem.code, safeStorage: safeStorageCheck.reason }, 'keychain unavailable; API key store: memory for this run only');
  return new MemoryStore(memoryProblem(problem, safeStorageCheck.reason));
}
