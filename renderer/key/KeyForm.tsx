// The API key form: a masked input with Set, and Test for the stored key. Used by the first-run
// screen and the settings view.
import { useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatCreditsWithUnit } from '../format/numbers.js';
import { useKeyStore } from '../stores/key-store.js';

interface KeyFormProps {
  /** Label of the set button: "Set key" at first run, "Replace key" once a key is stored. */
  setLabel: string;
  autoFocus?: boolean;
  /** Whether to confirm a saved key beside the buttons. The first-run screen shows its own confirmation. */
  confirmSaved?: boolean;
}

export function KeyForm({ setLabel, autoFocus, confirmSaved }: KeyFormProps) {
  const [draft, setDraft] = useState('');
  const [saved, setSaved] = useState(false);
  const [revealed, setRevealed] = useState(false);
  const status = useKeyStore((state) => state.status);
  const busy = useKeyStore((state) => state.busy);
  const error = useKeyStore((state) => state.error);
  const testedBalance = useKeyStore((state) => state.testedBalance);
  const setKey = useKeyStore((state) => state.setKey);
  const testKey = useKeyStore((state) => state.testKey);
  const clearError = useKeyStore((state) => state.clearError);

  const submit = async (): Promise<void> => {
    if (draft.trim() === '') return;
    if (await setKey(draft)) {
      setDraft('');
      setSaved(true);
    }
  };

  return (
    <form
      className="key-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="api-key-input">crun.ai API key</label>
      <div className="row">
        <input
          id="api-key-input"
          data-testid="key-input"
          type={revealed ? 'text' : 'password'}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          value={draft}
          placeholder="Paste your API key"
          onChange={(event) => {
            setDraft(event.target.value);
            setSaved(false);
          }}
        />
        <button type="button" className="quiet" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
          {revealed ? 'Hide' : 'Show'}
        </button>
      </div>
      <div className="row">
        <button type="submit" className="primary" data-testid="set-key-button" disabled={busy || draft.trim() === ''}>
          {setLabel}
        </button>
        <button
          type="button"
          data-testid="test-key-button"
          disabled={busy || !status?.isSet}
          title={status?.isSet ? 'Checks the stored key by reading your balance' : 'Set a key first'}
          onClick={() => void testKey()}
        >
          Test
        </button>
        {busy && <span className="muted" role="status">Checking…</span>}
        {confirmSaved && saved && !busy && (
          <span className="muted" role="status" data-testid="key-saved">
            Key saved. Use Test to check it with crun.ai.
          </span>
        )}
      </div>
      {testedBalance !== null && (
        <p className="notice notice-ok" role="status" data-testid="key-test-ok">
          The key works. Balance: {formatCreditsWithUnit(testedBalance)}.
        </p>
      )}
      {error && <ErrorNotice error={error} hideKeyAction onDismiss={clearError} />}
    </form>
  );
}
