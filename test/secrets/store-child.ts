// Child process for the keychain tests that need another D-Bus environment than the test runner's.
// It probes the keychain, creates the secret store, optionally sets a key, and prints one line
// `RESULT <json>` with what it saw and every log line it wrote. It never prints the key.
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { createSecretStore } from '../../main/secrets/create-secret-store.js';
import { KeychainStore } from '../../main/secrets/keychain-store.js';
import { loadKeytarBackend } from '../../main/secrets/keytar-backend.js';
import { probeKeychain } from '../../main/secrets/probe.js';
import type { SafeStorageLike } from '../../main/secrets/types.js';
import { RESULT_PREFIX, type ChildRequest, type ChildResult } from './child-protocol.js';
import { basicTextSafeStorage, encryptingSafeStorage } from './safe-storage-doubles.js';

const LOGIN_COLLECTION = '/org/freedesktop/secrets/collection/login';

function gdbus(...args: string[]): string {
  return execFileSync('gdbus', ['call', '--session', '--timeout', '10', '--dest', 'org.freedesktop.secrets', ...args], {
    encoding: 'utf8',
  }).trim();
}

function lockLoginCollection(): void {
  gdbus('--object-path', '/org/freedesktop/secrets', '--method', 'org.freedesktop.Secret.Service.Lock', `['${LOGIN_COLLECTION}']`);
  const locked = gdbus(
    '--object-path',
    LOGIN_COLLECTION,
    '--method',
    'org.freedesktop.DBus.Properties.Get',
    'org.freedesktop.Secret.Collection',
    'Locked',
  );
  if (locked !== '(<true>,)') throw new Error(`the login collection did not lock: Locked is ${locked}`);
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
  const logLines: string[] = [];
  setRootLogger(
    createLogger({
      level: 'debug',
      stream: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logLines.push(chunk.toString('utf8'));
          callback();
        },
      }),
    }),
  );

  if (request.lockLoginCollection) lockLoginCollection();

  const loaded = loadKeytarBackend();
  if (!loaded.loaded) throw new Error(`keytar did not load: ${loaded.reason}`);
  const probe = await probeKeychain(loaded.backend, { service: request.service });

  let safeStorage: SafeStorageLike | undefined;
  if (request.safeStorage === 'encrypting') safeStorage = encryptingSafeStorage();
  if (request.safeStorage === 'basic_text') safeStorage = basicTextSafeStorage();

  const store = request.keychainStoreOnly
    ? new KeychainStore(loaded.backend, { service: request.service })
    : await createSecretStore({
        dataDir: request.dataDir,
        env: {},
        keychainService: request.service,
        ...(safeStorage ? { safeStorage } : {}),
      });
  const result: ChildResult = { probe, status: await store.status(), logLines };

  if (request.setKey !== undefined) {
    try {
      await store.setKey(request.setKey);
      result.keyRoundTrip = (await store.getKey()) === request.setKey;
    } catch (error) {
      result.setError = error instanceof Error ? error.message : String(error);
    }
    result.statusAfterSet = await store.status();
  }

  process.stdout.write(`\n${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

await main();
