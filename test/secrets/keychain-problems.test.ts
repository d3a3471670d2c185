// Keychain failures as they really happen. Each test runs a child process in a D-Bus environment
// where the keychain is unusable in one specific way. It then checks the problem code, the
// message, and the fallback store that the child chose.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { runStoreChild, uniqueService, type BusSituation, type ChildOutcome } from './keyring-harness.js';

function newKey(): string {
  return `sk-problem-${randomUUID().replaceAll('-', '')}`;
}

/** Runs the child with a key to set and checks what every fallback case shares. */
async function runFallbackCase(situation: BusSituation, safeStorage?: 'encrypting' | 'basic_text'): Promise<ChildOutcome> {
  const key = newKey();
  const outcome = await runStoreChild(situation, { service: uniqueService(), setKey: key, ...(safeStorage ? { safeStorage } : {}) });
  const { result } = outcome;

  assert.equal(result.probe.usable, false, 'the probe should report the keychain unusable');
  assert.equal(result.setError, undefined, 'setting the key in the fallback store should work');
  assert.equal(result.keyRoundTrip, true, 'the fallback store should return the key it was given');
  assert.equal(result.statusAfterSet?.isSet, true);
  assert.ok(!JSON.stringify(result.status).includes(key), 'status must not contain the key');
  assert.ok(!JSON.stringify(result.statusAfterSet).includes(key), 'status after set must not contain the key');
  assert.ok(!result.logLines.join('').includes(key), 'log lines must not contain the key');
  assert.ok(!outcome.output.includes(key), 'child output must not contain the key');
  return outcome;
}

function problemOf(outcome: ChildOutcome): { code: string; message: string } {
  const { probe } = outcome.result;
  assert.ok(!probe.usable, 'expected an unusable keychain');
  return probe.problem;
}

describe('keychain problems', () => {
  test('no session bus', async () => {
    const outcome = await runFallbackCase('no-session-bus');
    const problem = problemOf(outcome);

    assert.equal(problem.code, 'no_session_bus');
    assert.match(problem.message, /DBUS_SESSION_BUS_ADDRESS/);
    assert.match(problem.message, /dbus-run-session/);
    assert.equal(outcome.result.status.storage, 'memory');
    assert.ok(outcome.result.status.problem?.includes(problem.message), 'status should explain the keychain problem');
    assert.match(outcome.result.status.problem ?? '', /memory for this run only/);
  });

  test('bus address gone stale', async () => {
    const problem = problemOf(await runFallbackCase('stale-bus-address'));

    assert.equal(problem.code, 'no_session_bus');
    assert.match(problem.message, /names a bus that is gone/);
  });

  test('display without dbus-launch', async () => {
    const problem = problemOf(await runFallbackCase('no-dbus-launch'));

    assert.equal(problem.code, 'dbus_launch_missing');
    assert.match(problem.message, /dbus-x11/);
  });

  test('bus without Secret Service', async () => {
    const outcome = await runFallbackCase('no-secret-service');
    const problem = problemOf(outcome);

    assert.equal(problem.code, 'no_secret_service');
    assert.match(problem.message, /gnome-keyring/);
    assert.match(problem.message, /KWallet/);
    assert.equal(outcome.result.status.storage, 'memory');
  });

  test('Secret Service without login keyring', async () => {
    const outcome = await runFallbackCase('no-login-collection');
    const problem = problemOf(outcome);

    assert.equal(problem.code, 'no_collection');
    assert.match(problem.message, /no login keyring/);
    assert.equal(outcome.result.status.storage, 'memory');
  });

  test('locked login keyring', async () => {
    const outcome = await runFallbackCase('locked-keyring');
    const problem = problemOf(outcome);

    assert.equal(problem.code, 'locked');
    assert.match(problem.message, /locked/);
    assert.match(problem.message, /Unlock it/);
    assert.equal(outcome.result.status.storage, 'memory');
    assert.ok(outcome.result.status.problem?.includes(problem.message), 'status should explain the keychain problem');
    assert.match(outcome.result.status.problem ?? '', /memory for this run only/);
  });

  test('encrypting safeStorage used after keychain failure', async () => {
    const outcome = await runFallbackCase('no-session-bus', 'encrypting');
    const problem = problemOf(outcome);

    assert.equal(outcome.result.status.storage, 'safe-storage');
    assert.equal(outcome.result.status.problem, problem.message);
    assert.equal(outcome.result.statusAfterSet?.storage, 'safe-storage');
  });

  test('basic_text safeStorage refused', async () => {
    const outcome = await runFallbackCase('no-session-bus', 'basic_text');

    assert.equal(outcome.result.status.storage, 'memory');
    assert.match(outcome.result.status.problem ?? '', /basic_text/);
    assert.match(outcome.result.status.problem ?? '', /memory for this run only/);
  });

  test('private keyring from with-keyring.sh', async () => {
    const outcome = await runStoreChild('private-keyring', { service: uniqueService(), setKey: newKey() });

    assert.deepEqual(outcome.result.probe, { usable: true });
    assert.equal(outcome.result.status.storage, 'keychain');
    assert.equal(outcome.result.keyRoundTrip, true);
  });
});

describe('keychain store after the keyring locks', () => {
  test('set reports locked keyring', async () => {
    const key = newKey();
    const { result, output } = await runStoreChild('locked-keyring', { service: uniqueService(), setKey: key, keychainStoreOnly: true });

    assert.equal(result.status.storage, 'keychain');
    assert.match(result.setError ?? '', /^Could not save the API key in the keychain\. The login keyring is locked\./);
    assert.equal(result.statusAfterSet?.isSet, false);
    assert.ok(!output.includes(key), 'child output must not contain the key');
  });
});
