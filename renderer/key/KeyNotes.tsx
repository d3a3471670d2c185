// Notes beside the key form: where the key is stored, a keychain problem, and the sandbox simulator.
import type { KeyStatusDto, KeyStorage } from '../../preload/contract.js';

const STORAGE_TEXT: Readonly<Record<KeyStorage, string>> = {
  keychain: 'The key is stored in the system keychain.',
  'safe-storage': 'The key is stored encrypted by the operating system.',
  memory: 'The key is kept in memory only: enter it again after restarting the app.',
  environment: 'The key comes from an environment variable and cannot be changed here.',
  none: 'No key is stored.',
};

export function storageText(storage: KeyStorage): string {
  return STORAGE_TEXT[storage];
}

export function KeyNotes({ status }: { status: KeyStatusDto }) {
  return (
    <>
      {status.keychainProblem && (
        <div className="notice notice-warning" role="note" data-testid="keychain-problem">
          <strong>The system keychain cannot be used.</strong>
          <span className="notice-message">{status.keychainProblem}</span>
        </div>
      )}
      {status.sandbox && (
        <div className="notice notice-info" role="note" data-testid="sandbox-note">
          <strong>Sandbox: the app talks to a local simulator, not to crun.ai. No credits are spent.</strong>
          {status.sandboxKeyHint ? (
            <span className="notice-message">
              Type this key: <code data-testid="sandbox-key-hint">{status.sandboxKeyHint}</code>
            </span>
          ) : (
            <span className="notice-message">Type the key the simulator printed when it started.</span>
          )}
        </div>
      )}
    </>
  );
}
