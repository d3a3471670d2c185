// Loads keytar, the native keychain module. This is the only file that imports it, so moving to
// another keychain library (such as @napi-rs/keyring) changes this file alone.
import { createRequire } from 'node:module';
import type * as Keytar from 'keytar';
import type { KeytarLike } from './types.js';

const requireModule = createRequire(import.meta.url);

export type KeytarLoadResult = { loaded: true; backend: KeytarLike } | { loaded: false; reason: string };

/**
 * Loads keytar and adapts it to `KeytarLike`. A failed load (missing or mismatched native build)
 * is returned as a reason instead of thrown, because it only means the keychain is unavailable.
 * `moduleId` exists so tests can load a module that is not installed.
 */
export function loadKeytarBackend(moduleId = 'keytar'): KeytarLoadResult {
  let keytar: typeof Keytar;
  try {
    keytar = requireModule(moduleId) as typeof Keytar;
  } catch (error) {
    // Node's "Cannot find module" message continues with the require stack. Its first line names
    // the module and is enough for the user.
    const message = error instanceof Error ? error.message : String(error);
    return { loaded: false, reason: message.split('\n')[0] ?? message };
  }

  return {
    loaded: true,
    backend: {
      getPassword: (service, account) => keytar.getPassword(service, account),
      setPassword: (service, account, password) => keytar.setPassword(service, account, password),
      deletePassword: (service, account) => keytar.deletePassword(service, account),
    },
  };
}
