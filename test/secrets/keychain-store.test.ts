// The secret store against the real Secret Service of the test session (gnome-keyring under
// tools/with-keyring.sh). Every test uses a keychain service name of its own.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as Keytar from 'keytar';
import { AppError } from '../../main/errors.js';
import { redactText } from '../../main/log/redact.js';
import { createSecretStore } from '../../main/secrets/create-secret-store.js';
import { loadKeytarBackend } from '../../main/secrets/keytar-backend.js';
import { probeKeychain } from '../../main/secrets/probe.js';
import { SAFE_STORAGE_FILE_NAME, SafeStorageStore } from '../../main/secrets/safe-storage-store.js';
import { KEYCHAIN_ACCOUNT, PROBE_ACCOUNT, type KeytarLike } from '../../main/secrets/types.js';
import { captureLogs, requireSessionBus, uniqueService } from './keyring-harness.js';
import { encryptingSafeStorage } from './safe-storage-doubles.js';

// keytar itself, for the checks that look into the keychain past the store's interface.
const keytar = createRequire(import.meta.url)('keytar') as typeof Keytar;

function newKey(): string {
  return `sk-keychain-${randomUUID().replaceAll('-', '')}`;
}

describe('keychain store', () => {
  let dataDir = '';
  let backend: KeytarLike;
  let logLines: string[] = [];
  const services: string[] = [];
  const keys: string[] = [];

  function service(): string {
    const name = uniqueService();
    services.push(name);
    return name;
  }

  function key(): string {
    const value = newKey();
    keys.push(value);
    return value;
  }

  before(async () => {
    requireSessionBus();
    logLines = captureLogs();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-keychain-'));
    const loaded = loadKeytarBackend();
    assert.ok(loaded.loaded, `keytar did not load: ${loaded.loaded ? '' : loaded.reason}`);
    backend = loaded.backend;
  });

  after(async () => {
    for (const name of services) {
      for (const credential of await keytar.findCredentials(name)) await keytar.deletePassword(name, credential.account);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('probe passes and cleans up', async () => {
    const name = service();

    const result = await probeKeychain(backend, { service: name });

    assert.deepEqual(result, { usable: true });
    const leftovers = (await keytar.findCredentials(name)).filter((entry) => entry.account.startsWith(PROBE_ACCOUNT));
    assert.deepEqual(leftovers, [], 'the probe should delete its test entry');
  });

  test('set, get, replace, delete', async () => {
    const name = service();
    const first = key();
    const second = key();
    const store = await createSecretStore({ dataDir, env: {}, keychainService: name });

    assert.deepEqual(await store.status(), { isSet: false, storage: 'keychain' });
    assert.equal(await store.getKey(), null);

    await store.setKey(`  ${first}\n`);
    assert.equal(await store.getKey(), first, 'the key should be stored trimmed');
    assert.equal(await keytar.getPassword(name, KEYCHAIN_ACCOUNT), first, 'the key should be in the real keychain');
    assert.deepEqual(await store.status(), { isSet: true, storage: 'keychain' });

    await store.setKey(second);
    assert.equal(await store.getKey(), second);
    assert.equal(await keytar.getPassword(name, KEYCHAIN_ACCOUNT), second);

    await store.deleteKey();
    assert.equal(await store.getKey(), null);
    assert.equal(await keytar.getPassword(name, KEYCHAIN_ACCOUNT), null);
    assert.deepEqual(await store.status(), { isSet: false, storage: 'keychain' });

    await store.deleteKey();
    assert.equal(await store.getKey(), null, 'deleting a missing key should be a no-op');
  });

  test('key survives a new store', async () => {
    const name = service();
    const value = key();
    await (await createSecretStore({ dataDir, env: {}, keychainService: name })).setKey(value);

    const reopened = await createSecretStore({ dataDir, env: {}, keychainService: name });

    assert.equal(await reopened.getKey(), value);
  });

  test('status never contains key', async () => {
    const value = key();
    const store = await createSecretStore({ dataDir, env: {}, keychainService: service() });
    await store.setKey(value);

    const status = await store.status();

    assert.ok(!JSON.stringify(status).includes(value));
  });

  test('invalid key rejected, stored key kept', async () => {
    const value = key();
    const store = await createSecretStore({ dataDir, env: {}, keychainService: service() });
    await store.setKey(value);
    const invalid = `${newKey()} with spaces`;

    await assert.rejects(store.setKey(invalid), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'invalid_argument');
      assert.match(error.message, /contains a space at character 45/);
      assert.ok(!error.message.includes(invalid.slice(0, 20)), 'the message must not echo the key');
      return true;
    });
    assert.equal(await store.getKey(), value);
  });

  test('scrubber learns and forgets key', async () => {
    const value = key();
    const store = await createSecretStore({ dataDir, env: {}, keychainService: service() });

    await store.setKey(value);
    assert.equal(redactText(`header ${value}`), 'header [REDACTED]');

    await store.deleteKey();
    assert.equal(redactText(`header ${value}`), `header ${value}`, 'a deleted key is no longer registered');
  });

  test('encrypted file key moves to keychain', async () => {
    const name = service();
    const value = key();
    const safeStorage = encryptingSafeStorage();
    const fileFolder = path.join(dataDir, 'move');
    const fileStore = new SafeStorageStore({ safeStorage, dataDir: fileFolder, platform: 'linux' });
    await fileStore.setKey(value);

    const store = await createSecretStore({ dataDir: fileFolder, env: {}, safeStorage, keychainService: name });

    assert.equal((await store.status()).storage, 'keychain');
    assert.equal(await store.getKey(), value);
    assert.equal(await keytar.getPassword(name, KEYCHAIN_ACCOUNT), value);
    assert.equal(existsSync(fileStore.file), false, 'the encrypted file should be deleted after the move');
  });

  test('encrypted file kept when keychain has key', async () => {
    const name = service();
    const inKeychain = key();
    const inFile = key();
    const safeStorage = encryptingSafeStorage();
    const fileFolder = path.join(dataDir, 'keep');
    await new SafeStorageStore({ safeStorage, dataDir: fileFolder, platform: 'linux' }).setKey(inFile);
    await keytar.setPassword(name, KEYCHAIN_ACCOUNT, inKeychain);

    const store = await createSecretStore({ dataDir: fileFolder, env: {}, safeStorage, keychainService: name });

    assert.equal(await store.getKey(), inKeychain, 'the keychain key wins');
    assert.equal(existsSync(path.join(fileFolder, SAFE_STORAGE_FILE_NAME)), true, 'the file is left alone');
  });

  test('log lines contain no key', () => {
    const text = logLines.join('');

    assert.match(text, /API key saved to the keychain/, 'the store should have logged its work');
    for (const value of keys) assert.ok(!text.includes(value), 'a key appeared in the log');
  });
});
