// First-run screen, shown when the app starts without a key until the user continues into the app.
import { useKeyStore } from '../stores/key-store.js';
import { KeyForm } from './KeyForm.js';
import { KeyNotes } from './KeyNotes.js';

interface KeyScreenProps {
  onContinue: () => void;
}

export function KeyScreen({ onContinue }: KeyScreenProps) {
  const status = useKeyStore((state) => state.status);
  const isSet = status?.isSet ?? false;

  return (
    <main className="key-screen" data-testid="key-screen">
      <h1>Welcome to Stemcrate</h1>
      <p>
        Stemcrate sends your Suno songs to crun.ai, which splits them into stems, and keeps the stems in a library on
        this computer. It needs your crun.ai API key to do that. The key stays on this computer.
      </p>
      {status && <KeyNotes status={status} />}
      <KeyForm setLabel={isSet ? 'Replace key' : 'Set key'} autoFocus />
      {!isSet && (
        <button type="button" className="link" onClick={onContinue}>
          Browse the library without a key
        </button>
      )}
      {isSet && (
        <div className="row">
          <p className="notice notice-ok" role="status">
            The key is stored.
          </p>
          <button type="button" className="primary" data-testid="continue-button" onClick={onContinue}>
            Continue
          </button>
        </div>
      )}
    </main>
  );
}
