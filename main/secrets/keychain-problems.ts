// Classification of keychain failures into KeychainProblem codes. The message for each code names
// what is missing and how to fix it on the user's platform.
import type { KeychainProblem, KeychainProblemCode } from './types.js';

// Error messages that keytar 7.9 passes through from libsecret and GLib on Linux, as observed with
// Debian 12 (GLib 2.74, gnome-keyring 42). The quotes around names are typographic in these
// messages, so the patterns avoid matching them.
const LINUX_PATTERNS: ReadonlyArray<[RegExp, KeychainProblemCode]> = [
  [/Cannot autolaunch D-Bus without X11/i, 'no_session_bus'],
  [/Failed to execute child process .dbus-launch. \(No such file/i, 'dbus_launch_missing'],
  // dbus-launch exists but could not start a bus, typically because the X11 display is unreachable.
  [/Error spawning command line .dbus-launch/i, 'no_session_bus'],
  [/Could not connect: |Failed to connect to socket/i, 'no_session_bus'],
  [/org\.freedesktop\.secrets was not provided by any \.service files/i, 'no_secret_service'],
  [/locked collection/i, 'locked'],
  [/Object does not exist at path .\/org\/freedesktop\/secrets\/collection\//i, 'no_collection'],
];

// Descriptions of Apple's Security framework status codes errSecInteractionNotAllowed,
// errSecAuthFailed, errSecNoDefaultKeychain and errSecNoSuchKeychain.
// NOTE: not checked against keytar on a Mac, so keytar may word these errors differently there.
const DARWIN_PATTERNS: ReadonlyArray<[RegExp, KeychainProblemCode]> = [
  [/User interaction is not allowed/i, 'locked'],
  [/user name or passphrase you entered is not correct/i, 'locked'],
  [/keychain could not be found/i, 'no_collection'],
];

const LINUX_KEYRING_HINT = 'for example in Passwords and Keys (Seahorse) or in KWallet';

function linuxMessage(code: KeychainProblemCode, cause: string | undefined, timeoutMs: number): string {
  switch (code) {
    case 'no_session_bus':
      return (
        'No D-Bus session bus is reachable, so the keychain cannot be reached. DBUS_SESSION_BUS_ADDRESS is unset ' +
        'or names a bus that is gone, and no X11 display can start a new one. Start Stemcrate from a desktop ' +
        'session, or run it under dbus-run-session with gnome-keyring-daemon started and unlocked.'
      );
    case 'dbus_launch_missing':
      return (
        'D-Bus could not start a session bus because the dbus-launch program is missing. Install the dbus-x11 ' +
        'package (Debian and Ubuntu: sudo apt install dbus-x11), or start Stemcrate from a desktop session.'
      );
    case 'no_secret_service':
      return (
        'No Secret Service provider runs on the D-Bus session bus, so there is no keychain to keep the key in. ' +
        'Install and unlock gnome-keyring (Debian and Ubuntu: sudo apt install gnome-keyring) or KWallet with its ' +
        'Secret Service support enabled, then restart Stemcrate.'
      );
    case 'no_collection':
      return `The Secret Service has no login keyring. Create and unlock one, ${LINUX_KEYRING_HINT}, then restart Stemcrate.`;
    case 'locked':
      return `The login keyring is locked. Unlock it, ${LINUX_KEYRING_HINT}, then restart Stemcrate.`;
    case 'readback_failed':
      return (
        'The keychain accepted a test entry but did not return it, which usually means the login keyring is locked. ' +
        `Unlock it, ${LINUX_KEYRING_HINT}, then restart Stemcrate.`
      );
    case 'timeout':
      return (
        `The keychain did not respond within ${timeoutMs / 1000} seconds, perhaps because it waits for an unlock prompt. ` +
        `Unlock the login keyring, ${LINUX_KEYRING_HINT}, then restart Stemcrate.`
      );
    case 'keytar_unavailable':
      return (
        `The keychain module (keytar) could not be loaded: ${cause ?? 'unknown error'}. Reinstall Stemcrate. In a ` +
        'source checkout, run npm rebuild keytar, which needs the libsecret-1-dev package.'
      );
    case 'unknown':
      return (
        `The keychain failed: ${cause ?? 'unknown error'}. Check that gnome-keyring or KWallet is installed and ` +
        'its login keyring is unlocked, then restart Stemcrate.'
      );
  }
}

function darwinMessage(code: KeychainProblemCode, cause: string | undefined, timeoutMs: number): string {
  const fix = 'Open Keychain Access, check that the login keychain exists and is unlocked, then restart Stemcrate.';
  switch (code) {
    case 'locked':
    case 'readback_failed':
      return 'The macOS login keychain is locked. Unlock it in Keychain Access, then restart Stemcrate.';
    case 'no_collection':
      return 'The macOS login keychain was not found. Create or restore it in Keychain Access, then restart Stemcrate.';
    case 'timeout':
      return `The macOS keychain did not respond within ${timeoutMs / 1000} seconds, perhaps because it waits for a password prompt. ${fix}`;
    case 'keytar_unavailable':
      return `The keychain module (keytar) could not be loaded: ${cause ?? 'unknown error'}. Reinstall Stemcrate.`;
    default:
      return `The macOS keychain failed${cause ? `: ${cause}` : ''}. ${fix}`;
  }
}

function windowsMessage(code: KeychainProblemCode, cause: string | undefined, timeoutMs: number): string {
  const fix =
    'Open Credential Manager in the Control Panel and check that Windows Credentials can be saved for your account, ' +
    'then restart Stemcrate.';
  switch (code) {
    case 'timeout':
      return `Windows Credential Manager did not respond within ${timeoutMs / 1000} seconds. ${fix}`;
    case 'keytar_unavailable':
      return `The keychain module (keytar) could not be loaded: ${cause ?? 'unknown error'}. Reinstall Stemcrate.`;
    default:
      return `Windows Credential Manager failed${cause ? `: ${cause}` : ''}. ${fix}`;
  }
}

/** Builds the problem for `code`, with the message and fix for `platform`. */
export function keychainProblem(
  code: KeychainProblemCode,
  options: { platform?: NodeJS.Platform; cause?: string; timeoutMs?: number } = {},
): KeychainProblem {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? 0;
  let message: string;
  if (platform === 'darwin') message = darwinMessage(code, options.cause, timeoutMs);
  else if (platform === 'win32') message = windowsMessage(code, options.cause, timeoutMs);
  else message = linuxMessage(code, options.cause, timeoutMs);

  const problem: KeychainProblem = { code, message };
  if (options.cause !== undefined) problem.cause = options.cause;
  return problem;
}

/** Classifies an error thrown by a keytar call on `platform`. */
export function classifyKeychainError(error: unknown, platform: NodeJS.Platform = process.platform): KeychainProblem {
  const cause = error instanceof Error ? error.message : String(error);
  let patterns: ReadonlyArray<[RegExp, KeychainProblemCode]> = LINUX_PATTERNS;
  if (platform === 'darwin') patterns = DARWIN_PATTERNS;
  // Windows errors are not classified: each one gets the Credential Manager advice.
  if (platform === 'win32') patterns = [];
  const match = patterns.find(([pattern]) => pattern.test(cause));
  return keychainProblem(match ? match[1] : 'unknown', { platform, cause });
}
