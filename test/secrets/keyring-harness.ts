// Shared setup for the keychain tests: the session-bus check, unique keychain service names,
// log capture, and child processes run in other D-Bus environments (see store-child.ts).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { RESULT_PREFIX, type ChildRequest, type ChildResult } from './child-protocol.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD_SCRIPT = fileURLToPath(new URL('./store-child.ts', import.meta.url));
const WITH_KEYRING = path.join(REPO_ROOT, 'tools', 'with-keyring.sh');

/** Upper bound for one child process, in milliseconds; a child that hangs is killed. */
const CHILD_TIMEOUT_MS = 60_000;

/** Fails with instructions when the tests are not running with a session bus and keyring. */
export function requireSessionBus(): void {
  assert.ok(
    process.env.DBUS_SESSION_BUS_ADDRESS,
    'DBUS_SESSION_BUS_ADDRESS is not set, so there is no Secret Service to test against. Run these tests ' +
      'inside a keyring session: tools/with-keyring.sh node --import tsx --test test/secrets/*.test.ts',
  );
}

/** Returns a fresh keychain service name, so that no test touches the app's real entry. */
export function uniqueService(): string {
  return `Stemcrate-test-${randomUUID()}`;
}

/** Routes every log line of the process into the returned array, at debug level. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  setRootLogger(createLogger({ level: 'debug', stream }));
  return lines;
}

/** The D-Bus situations that the child-process tests create. */
export type BusSituation =
  | 'no-session-bus'
  | 'stale-bus-address'
  | 'no-dbus-launch'
  | 'no-secret-service'
  | 'no-login-collection'
  | 'locked-keyring'
  | 'private-keyring';

export interface ChildOutcome {
  result: ChildResult;
  /** Everything the child wrote to standard output and standard error. */
  output: string;
}

/** Returns a session bus configuration with no service files, so nothing can provide the Secret Service. */
function busConfigWithoutServices(folder: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=${folder}</listen>
  <servicedir>${path.join(folder, 'no-services')}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/**
 * Runs store-child.ts in `situation` and returns its result. The child's environment has no
 * display, private XDG folders, and a session bus address only where `situation` creates one, so
 * the child never reaches the user's keyring.
 */
export async function runStoreChild(situation: BusSituation, request: Omit<ChildRequest, 'dataDir'>): Promise<ChildOutcome> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-secrets-child-'));
  try {
    for (const name of ['data', 'runtime', 'cache', 'config', 'no-services', 'empty-path', 'app-data']) {
      await mkdir(path.join(folder, name), { mode: 0o700 });
    }
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: folder,
      TMPDIR: os.tmpdir(),
      XDG_DATA_HOME: path.join(folder, 'data'),
      XDG_RUNTIME_DIR: path.join(folder, 'runtime'),
      XDG_CACHE_HOME: path.join(folder, 'cache'),
      XDG_CONFIG_HOME: path.join(folder, 'config'),
    };
    const node = [process.execPath, '--import', 'tsx', CHILD_SCRIPT];
    let command: string[];

    switch (situation) {
      case 'no-session-bus':
        command = node;
        break;
      case 'stale-bus-address':
        env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(folder, 'runtime', 'no-bus-here')}`;
        command = node;
        break;
      case 'no-dbus-launch':
        // With a display but no bus, GLib runs dbus-launch from PATH, which here is an empty folder.
        env.DISPLAY = ':97';
        env.PATH = path.join(folder, 'empty-path');
        command = node;
        break;
      case 'no-secret-service': {
        const config = path.join(folder, 'bus.conf');
        await writeFile(config, busConfigWithoutServices(folder));
        command = ['dbus-run-session', `--config-file=${config}`, '--', ...node];
        break;
      }
      case 'no-login-collection':
        // The standard session bus starts gnome-keyring on demand, which finds no keyring files in
        // the empty XDG_DATA_HOME.
        command = ['dbus-run-session', '--', ...node];
        break;
      case 'locked-keyring':
        command = ['bash', WITH_KEYRING, '--private', ...node];
        request = { ...request, lockLoginCollection: true };
        break;
      case 'private-keyring':
        command = ['bash', WITH_KEYRING, '--private', ...node];
        break;
    }

    const fullRequest: ChildRequest = { ...request, dataDir: path.join(folder, 'app-data') };
    const [file, ...args] = command;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        file ?? process.execPath,
        [...args, JSON.stringify(fullRequest)],
        { cwd: REPO_ROOT, env, timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, stdoutText, stderrText) => {
          if (error) reject(new Error(`child for ${situation} failed: ${error.message}\n${stdoutText}\n${stderrText}`));
          else resolve({ stdout: stdoutText, stderr: stderrText });
        },
      );
    });

    const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
    assert.ok(line, `child for ${situation} printed no result line.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    return { result: JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult, output: stdout + stderr };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
