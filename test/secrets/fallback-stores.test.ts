// The stores used when the keychain is not: CRUN_API_KEY, the safeStorage-encrypted file, and
// memory. The safeStorage rules are checked for every platform and backend the app can meet.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../main/errors.js';
import { createSecretStore } from '../../main/secrets/create-secret-store.js';
import { EnvironmentStore } from '../../main/secrets/environment-store.js';
import { MemoryStore } from '../../main/secrets/memory-store.js';
import { checkSafeStorage, SafeStorageStore } from '../../main/secrets/safe-storage-store.js';
import type { SafeStorageLike } from '../../main/secrets/types.js';
import { captureLogs } from './keyring-harness.js';
import { basicTextSafeStorage, encryptingSafeStorage } from './safe-storage-doubles.js';

const usedKeys: string[] = [];

function newKey(): string {
  const key = `sk-fallback-${randomUUID().replaceAll('-', '')}`;
  usedKeys.push(key);
  return key;
}

function isAppError(code: string, message: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  };
}

let tempRoot = '';
let logLines: string[] = [];
before(async () => {
  logLines = captureLogs();
  tempRoot = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-fallback-'));
});
after(async () => {
  if (tempRoot) await rm(tempRoot, { recursive: true, force: true });
});

describe('environment store', () => {
  test('CRUN_API_KEY wins and is trimmed', async () => {
    const key = newKey();

    const store = await createSecretStore({ dataDir: tempRoot, env: { CRUN_API_KEY: `  ${key}\n` } });

    assert.equal(await store.getKey(), key);
    const status = await store.status();
    assert.deepEqual(status, { isSet: true, storage: 'environment' });
    assert.ok(!JSON.stringify(status).includes(key));
  });

  test('set and delete explain variable', async () => {
    const store = new EnvironmentStore(newKey());

    await assert.rejects(store.setKey(newKey()), isAppError('invalid_argument', /Set CRUN_API_KEY to the new key and restart/));
    await assert.rejects(store.deleteKey(), isAppError('invalid_argument', /Unset CRUN_API_KEY and restart/));
  });

  test('invalid variable reported', async () => {
    const secretPart = randomUUID();
    const store = new EnvironmentStore(`sk-${secretPart} tail`);

    await assert.rejects(store.getKey(), isAppError('invalid_argument', /CRUN_API_KEY environment variable contains a space/));
    const status = await store.status();
    assert.equal(status.isSet, false);
    assert.match(status.problem ?? '', /Fix or unset CRUN_API_KEY/);
    assert.ok(!JSON.stringify(status).includes(secretPart), 'status must not contain the value');
  });

  test('empty variable counts as unset', async () => {
    // The store that comes next depends on the session's keychain, so only its kind is checked.
    const store = await createSecretStore({ dataDir: tempRoot, env: { CRUN_API_KEY: '  ' }, keychainService: `Stemcrate-test-${randomUUID()}` });

    assert.notEqual((await store.status()).storage, 'environment');
  });
});

describe('memory store', () => {
  test('set, get, delete', async () => {
    const key = newKey();
    const store = new MemoryStore('the keychain is locked');

    assert.deepEqual(await store.status(), { isSet: false, storage: 'memory', problem: 'the keychain is locked' });
    await store.setKey(` ${key} `);
    assert.equal(await store.getKey(), key);
    assert.deepEqual(await store.status(), { isSet: true, storage: 'memory', problem: 'the keychain is locked' });
    await store.deleteKey();
    assert.equal(await store.getKey(), null);
  });

  test('rejects invalid key', async () => {
    const store = new MemoryStore();

    await assert.rejects(store.setKey(''), isAppError('invalid_argument', /empty/));
    assert.equal(await store.getKey(), null);
  });
});

describe('checkSafeStorage', () => {
  const withBackend = (backend: string | undefined, available = true): SafeStorageLike => {
    const base = { ...encryptingSafeStorage(), isEncryptionAvailable: () => available };
    if (backend === undefined) {
      const { getSelectedStorageBackend: _omitted, ...rest } = base;
      return rest;
    }
    return { ...base, getSelectedStorageBackend: () => backend };
  };

  const cases: Array<{ name: string; safeStorage: SafeStorageLike | undefined; platform: NodeJS.Platform; reason?: RegExp }> = [
    { name: 'missing safeStorage', safeStorage: undefined, platform: 'linux', reason: /this process does not have/ },
    { name: 'encryption unavailable', safeStorage: withBackend('gnome_libsecret', false), platform: 'linux', reason: /not available/ },
    { name: 'linux basic_text', safeStorage: withBackend('basic_text'), platform: 'linux', reason: /basic_text backend/ },
    { name: 'linux unknown backend', safeStorage: withBackend('unknown'), platform: 'linux', reason: /has not chosen a backend/ },
    { name: 'linux unnamed backend', safeStorage: withBackend(undefined), platform: 'linux', reason: /does not name its Linux backend/ },
    { name: 'linux gnome_libsecret', safeStorage: withBackend('gnome_libsecret'), platform: 'linux' },
    { name: 'linux kwallet6', safeStorage: withBackend('kwallet6'), platform: 'linux' },
    { name: 'macOS without backend name', safeStorage: withBackend(undefined), platform: 'darwin' },
    { name: 'Windows', safeStorage: withBackend(undefined), platform: 'win32' },
    {
      name: 'availability check throws',
      safeStorage: {
        ...encryptingSafeStorage(),
        isEncryptionAvailable: () => {
          throw new Error('not ready');
        },
      },
      platform: 'darwin',
      reason: /failed to report whether it can encrypt: not ready/,
    },
  ];

  for (const { name, safeStorage, platform, reason } of cases) {
    test(`${reason ? 'rejects' : 'accepts'} ${name}`, () => {
      const check = checkSafeStorage(safeStorage, platform);

      if (reason) {
        assert.equal(check.usable, false);
        assert.match(check.usable ? '' : check.reason, reason);
      } else {
        assert.equal(check.usable, true);
      }
    });
  }
});

describe('safe-storage store', () => {
  test('refuses basic_text', () => {
    assert.throws(
      () => new SafeStorageStore({ safeStorage: basicTextSafeStorage(), dataDir: tempRoot, platform: 'linux' }),
      isAppError('keychain_unavailable', /Cannot keep the API key in an encrypted file\. .*basic_text/),
    );
  });

  test('round trip through encrypted file', async () => {
    const key = newKey();
    const dataDir = path.join(tempRoot, 'round-trip', 'nested');
    const safeStorage = encryptingSafeStorage();
    const store = new SafeStorageStore({ safeStorage, dataDir, platform: 'linux', keychainProblem: 'no keyring' });

    assert.deepEqual(await store.status(), { isSet: false, storage: 'safe-storage', problem: 'no keyring' });
    await store.setKey(`${key}\n`);

    assert.equal(await store.getKey(), key);
    const onDisk = await readFile(store.file);
    assert.ok(!onDisk.includes(key), 'the file must not hold the key in clear');
    assert.equal((await stat(store.file)).mode & 0o777, 0o600);
    const reopened = new SafeStorageStore({ safeStorage, dataDir, platform: 'linux' });
    assert.equal(await reopened.getKey(), key);
    assert.deepEqual(await reopened.status(), { isSet: true, storage: 'safe-storage' });

    await store.deleteKey();
    assert.equal(existsSync(store.file), false);
    assert.equal(await store.getKey(), null);
    await store.deleteKey();
  });

  test('undecryptable file reported', async () => {
    const dataDir = path.join(tempRoot, 'other-user');
    await new SafeStorageStore({ safeStorage: encryptingSafeStorage(), dataDir, platform: 'linux' }).setKey(newKey());
    const store = new SafeStorageStore({ safeStorage: encryptingSafeStorage(), dataDir, platform: 'linux' });

    await assert.rejects(store.getKey(), isAppError('storage', /could not be decrypted.*Enter the key again/));
    const status = await store.status();
    assert.equal(status.isSet, false);
    assert.match(status.problem ?? '', /could not be decrypted/);

    await store.deleteKey();
    assert.equal(existsSync(store.file), false, 'an undecryptable file can still be deleted');
  });

  test('unwritable folder reported', async () => {
    const blocker = path.join(tempRoot, 'a-file');
    await writeFile(blocker, 'not a folder');
    const store = new SafeStorageStore({ safeStorage: encryptingSafeStorage(), dataDir: blocker, platform: 'linux' });

    await assert.rejects(store.setKey(newKey()), isAppError('storage', /Could not write the encrypted key file .*a-file/));
  });
});

test('log lines contain no key', () => {
  const text = logLines.join('');

  assert.match(text, /decrypting the saved API key failed/, 'the stores should have logged their errors');
  for (const key of usedKeys) assert.ok(!text.includes(key), 'a key appeared in the log');
});
