// The API key section of the settings: where the key is stored, set or replace it, test it, and
// remove it after a confirmation.
import { useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { KeyForm } from '../key/KeyForm.js';
import { KeyNotes, storageText } from '../key/KeyNotes.js';
import { useKeyStore } from '../stores/key-store.js';

export function KeySection() {
  const status = useKeyStore((state) => state.status);
  const busy = useKeyStore((state) => state.busy);
  const removeKey = useKeyStore((state) => state.removeKey);
  const [confirmRemove, setConfirmRemove] = useState(false);
  if (!status) return null;

  return (
    <section className="settings-section" aria-labelledby="settings-key">
      <h2 id="settings-key">crun.ai API key</h2>
      <p data-testid="key-status">{status.isSet ? storageText(status.storage) : 'No key is set.'}</p>
      <KeyNotes status={status} />
      <KeyForm setLabel={status.isSet ? 'Replace key' : 'Set key'} confirmSaved />
      {status.isSet && status.storage !== 'environment' && (
        <button type="button" className="danger" disabled={busy} onClick={() => setConfirmRemove(true)}>
          Remove key
        </button>
      )}
      <ConfirmDialog
        open={confirmRemove}
        title="Remove the API key?"
        confirmLabel="Remove key"
        danger
        onCancel={() => setConfirmRemove(false)}
        onConfirm={() => {
          setConfirmRemove(false);
          void removeKey();
        }}
      >
        <p>Separations in progress pause until you set a key again. Your library stays as it is.</p>
      </ConfirmDialog>
    </section>
  );
}
