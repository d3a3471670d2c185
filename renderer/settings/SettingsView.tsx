// Settings: the API key (status, set, replace, remove, test), the library folder, the naming
// template, the poll interval and the number of parallel downloads.
import { useEffect, useState } from 'react';
import type { SettingsDto, SettingsUpdate } from '../../preload/contract.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatBytes, plural } from '../format/numbers.js';
import { KeyForm } from '../key/KeyForm.js';
import { KeyNotes, storageText } from '../key/KeyNotes.js';
import { useKeyStore } from '../stores/key-store.js';
import { useLibraryStore } from '../stores/library-store.js';
import { useSettingsStore } from '../stores/settings-store.js';

/** Shortest poll interval a user may choose. The sandbox may run with a shorter one. */
const MIN_POLL_SECONDS = 5;

function KeySection() {
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
      <KeyForm setLabel={status.isSet ? 'Replace key' : 'Set key'} />
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

/** Form values as typed. Numbers are parsed when saving, so a half-typed value is not rejected early. */
interface SettingsDraft {
  namingTemplate: string;
  pollIntervalSeconds: string;
  parallelDownloads: string;
  apiBase: string;
}

function toDraft(settings: SettingsDto): SettingsDraft {
  return {
    namingTemplate: settings.namingTemplate,
    pollIntervalSeconds: String(settings.pollIntervalSeconds),
    parallelDownloads: String(settings.parallelDownloads),
    apiBase: settings.apiBase,
  };
}

/**
 * Returns only the fields the user changed, so values main set for this run only (the sandbox's
 * short poll interval, for one) are not written back as the user's choice.
 */
function changedSettings(settings: SettingsDto, draft: SettingsDraft): SettingsUpdate {
  const update: SettingsUpdate = {};
  if (draft.namingTemplate !== settings.namingTemplate) update.namingTemplate = draft.namingTemplate;
  if (Number(draft.pollIntervalSeconds) !== settings.pollIntervalSeconds) update.pollIntervalSeconds = Number(draft.pollIntervalSeconds);
  if (Number(draft.parallelDownloads) !== settings.parallelDownloads) update.parallelDownloads = Number(draft.parallelDownloads);
  if (draft.apiBase.trim() !== settings.apiBase) update.apiBase = draft.apiBase.trim();
  return update;
}

export function SettingsView() {
  const settings = useSettingsStore((state) => state.settings);
  const error = useSettingsStore((state) => state.error);
  const saving = useSettingsStore((state) => state.saving);
  const load = useSettingsStore((state) => state.load);
  const save = useSettingsStore((state) => state.save);
  const summary = useLibraryStore((state) => state.summary);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (settings) setDraft(toDraft(settings));
  }, [settings]);

  const change = (field: keyof SettingsDraft, value: string): void => {
    if (!draft) return;
    setDraft({ ...draft, [field]: value });
    setSaved(false);
  };

  return (
    <main className="view" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <KeySection />

      {settings && draft && (
        <form
          className="settings-section"
          aria-labelledby="settings-app"
          onSubmit={(event) => {
            event.preventDefault();
            void save(changedSettings(settings, draft)).then(setSaved);
          }}
        >
          <h2 id="settings-app">Library and downloads</h2>
          <label htmlFor="library-folder">Library folder</label>
          <input id="library-folder" value={settings.libraryDir} readOnly data-testid="library-folder" />
          {summary && (
            <p className="muted">
              {plural(summary.songCount, 'song')}, {formatBytes(summary.totalBytes)}.
            </p>
          )}

          <label htmlFor="naming-template">Stem file names</label>
          <input
            id="naming-template"
            value={draft.namingTemplate}
            spellCheck={false}
            aria-describedby="naming-template-help"
            onChange={(event) => change('namingTemplate', event.target.value)}
          />
          <p className="muted" id="naming-template-help">
            Template for new stem files, e.g. <code>{'{title} - {stem}'}</code>. Placeholders: {'{title}'}, {'{date}'},{' '}
            {'{sunoId}'}, {'{shortId}'}, {'{model}'}, {'{stem}'}, {'{key}'}, {'{mode}'}. The file name needs {'{stem}'} or{' '}
            {'{key}'}. A part before one <code>/</code> names the song folder. Existing files keep their names.
          </p>

          <label htmlFor="poll-interval">Check running separations every (seconds)</label>
          <input
            id="poll-interval"
            type="number"
            min={Math.min(MIN_POLL_SECONDS, settings.pollIntervalSeconds)}
            max={600}
            step={1}
            value={draft.pollIntervalSeconds}
            aria-describedby="poll-interval-help"
            onChange={(event) => change('pollIntervalSeconds', event.target.value)}
          />
          <p className="muted" id="poll-interval-help">
            crun.ai recommends 15 to 30 seconds.
          </p>

          <label htmlFor="parallel-downloads">Parallel downloads</label>
          <input
            id="parallel-downloads"
            type="number"
            min={1}
            max={16}
            step={1}
            value={draft.parallelDownloads}
            onChange={(event) => change('parallelDownloads', event.target.value)}
          />

          <details>
            <summary>Advanced</summary>
            <label htmlFor="api-base">API address</label>
            <input id="api-base" value={draft.apiBase} spellCheck={false} onChange={(event) => change('apiBase', event.target.value)} />
          </details>

          <div className="row">
            <button type="submit" className="primary" disabled={saving}>
              Save settings
            </button>
            {saved && (
              <span className="muted" role="status">
                Saved.
              </span>
            )}
          </div>
          {error && <ErrorNotice error={error} />}
        </form>
      )}
      {!settings && error && <ErrorNotice error={error} onRetry={() => void load()} />}
    </main>
  );
}
