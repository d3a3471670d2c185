// Classification of keychain errors and the message for each platform, a keytar module that does
// not load, and the probe's handling of keychains that misbehave in ways no local keyring shows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyKeychainError, keychainProblem } from '../../main/secrets/keychain-problems.js';
import { loadKeytarBackend } from '../../main/secrets/keytar-backend.js';
import { probeKeychain } from '../../main/secrets/probe.js';
import type { KeychainProblemCode, KeytarLike } from '../../main/secrets/types.js';
import { ManualClock } from '../../main/util/manual-clock.js';
import { captureLogs } from './keyring-harness.js';

describe('classifyKeychainError', () => {
  // Messages as keytar 7.9 reports them on Debian 12, and as Apple's Security framework words them.
  const cases: Array<{ platform: NodeJS.Platform; message: string; code: KeychainProblemCode }> = [
    { platform: 'linux', message: 'Cannot autolaunch D-Bus without X11 $DISPLAY', code: 'no_session_bus' },
    {
      platform: 'linux',
      message: 'Failed to execute child process \u201cdbus-launch\u201d (No such file or directory)',
      code: 'dbus_launch_missing',
    },
    {
      platform: 'linux',
      message: 'Error spawning command line \u201cdbus-launch --autolaunch=0123 --binary-syntax --close-stderr\u201d: Child process exited with code 1',
      code: 'no_session_bus',
    },
    {
      platform: 'linux',
      message: 'Could not connect: No such file or directory',
      code: 'no_session_bus',
    },
    {
      platform: 'linux',
      message: 'The name org.freedesktop.secrets was not provided by any .service files',
      code: 'no_secret_service',
    },
    { platform: 'linux', message: 'Cannot create an item in a locked collection', code: 'locked' },
    {
      platform: 'linux',
      message: 'Object does not exist at path \u201c/org/freedesktop/secrets/collection/login\u201d',
      code: 'no_collection',
    },
    { platform: 'linux', message: 'Something new went wrong', code: 'unknown' },
    { platform: 'darwin', message: 'User interaction is not allowed.', code: 'locked' },
    { platform: 'darwin', message: 'The specified keychain could not be found.', code: 'no_collection' },
    { platform: 'darwin', message: 'Cannot create an item in a locked collection', code: 'unknown' },
    { platform: 'win32', message: 'Element not found.', code: 'unknown' },
  ];

  for (const { platform, message, code } of cases) {
    test(`${platform}: ${code} from "${message.slice(0, 40)}"`, () => {
      const problem = classifyKeychainError(new Error(message), platform);

      assert.equal(problem.code, code);
      assert.equal(problem.cause, message);
    });
  }
});

describe('keychainProblem messages', () => {
  test('linux names keyring tools', () => {
    for (const code of ['locked', 'no_collection', 'readback_failed'] as const) {
      assert.match(keychainProblem(code, { platform: 'linux' }).message, /Seahorse.*KWallet/, code);
    }
  });

  test('macOS names Keychain Access', () => {
    for (const code of ['locked', 'no_collection', 'unknown', 'timeout'] as const) {
      assert.match(keychainProblem(code, { platform: 'darwin', timeoutMs: 30_000 }).message, /Keychain Access/, code);
    }
  });

  test('Windows names Credential Manager', () => {
    for (const code of ['locked', 'unknown', 'timeout'] as const) {
      assert.match(keychainProblem(code, { platform: 'win32', timeoutMs: 30_000 }).message, /Credential Manager/, code);
    }
  });

  test('unknown keeps library message', () => {
    const problem = classifyKeychainError(new Error('bus exploded'), 'linux');

    assert.match(problem.message, /^The keychain failed: bus exploded\./);
  });

  test('timeout states seconds', () => {
    assert.match(keychainProblem('timeout', { platform: 'linux', timeoutMs: 30_000 }).message, /within 30 seconds/);
  });
});

describe('keytar backend', () => {
  test('loads real keytar', () => {
    const loaded = loadKeytarBackend();

    assert.equal(loaded.loaded, true, loaded.loaded ? '' : loaded.reason);
  });

  test('missing module becomes problem', () => {
    const loaded = loadKeytarBackend('stemcrate-missing-native-module');

    assert.equal(loaded.loaded, false);
    const reason = loaded.loaded ? '' : loaded.reason;
    assert.match(reason, /^Cannot find module 'stemcrate-missing-native-module'/);
    assert.ok(!reason.includes('\n'), 'the reason should be one line');
    const problem = keychainProblem('keytar_unavailable', { platform: 'linux', cause: reason });
    assert.match(problem.message, /could not be loaded: Cannot find module/);
    assert.match(problem.message, /npm rebuild keytar/);
  });
});

// These keychains are written here because no local keyring behaves like them on demand. One
// never responds, like a desktop unlock prompt that is left open. One loses what it was given.
describe('probe with misbehaving keychain', () => {
  test('reports timeout', async () => {
    captureLogs();
    const clock = new ManualClock();
    const silent: KeytarLike = {
      getPassword: () => new Promise(() => undefined),
      setPassword: () => new Promise(() => undefined),
      deletePassword: () => new Promise(() => undefined),
    };

    const probing = probeKeychain(silent, { platform: 'linux', timeoutMs: 30_000, clock });
    await clock.advance(30_000);
    const result = await probing;

    assert.equal(result.usable, false);
    assert.equal(result.usable ? '' : result.problem.code, 'timeout');
  });

  test('reports lost entry', async () => {
    captureLogs();
    const forgetful: KeytarLike = {
      getPassword: async () => null,
      setPassword: async () => undefined,
      deletePassword: async () => false,
    };

    const result = await probeKeychain(forgetful, { platform: 'linux' });

    assert.equal(result.usable, false);
    assert.equal(result.usable ? '' : result.problem.code, 'readback_failed');
    assert.equal(result.usable ? '' : result.problem.cause, 'the test entry read back as missing');
  });
});
