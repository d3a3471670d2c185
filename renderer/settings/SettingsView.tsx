// Settings: the API key, the library folder, and the form for the naming template, the poll
// interval, the number of parallel downloads and the API address.
import { useEffect, useState } from 'react';
import type { SettingsDto } from '../../preload/contract.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useSettingsStore } from '../stores/settings-store.js';
import { KeySection } from './KeySection.js';
import { LibraryFolderSection } from './LibraryFolderSection.js';
import { NamingTemplateField } from './NamingTemplateField.js';
import { changedSettings, numberProblems, PARALLEL_DOWNLOADS_RANGE, POLL_SECONDS_RANGE, toDraft, type SettingsDraft } from './settings-draft.js';
import { useNamingPreview } from './use-naming-preview.js';
import { WholeNumberField } from './WholeNumberField.js';

function SettingsForm({ settings }: { settings: SettingsDto }) {
  const error = useSettingsStore((state) => state.error);
  const saving = useSettingsStore((state) => state.saving);
  const save = useSettingsStore((state) => state.save);
  const clearError = useSettingsStore((state) => state.clearError);
  // The draft starts from the settings once; reloading them (after a library move) keeps the user's edits.
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(settings));
  const [saved, setSaved] = useState(false);
  const preview = useNamingPreview(draft.namingTemplate);
  const problems = numberProblems(settings, draft);
  const hasProblem = problems.pollIntervalSeconds !== undefined || problems.parallelDownloads !== undefined;

  // An edit makes the last save's error out of date.
  const change = (field: keyof SettingsDraft, value: string): void => {
    setDraft({ ...draft, [field]: value });
    setSaved(false);
    clearError();
  };

  return (
    <form
      className="settings-section"
      aria-labelledby="settings-app"
      // The fields' own checks below name the value and the range, which the browser's checks would contradict.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (hasProblem) return;
        void save(changedSettings(settings, draft)).then((stored) => {
          if (!stored) return;
          setDraft(toDraft(stored));
          setSaved(true);
        });
      }}
    >
      <h2 id="settings-app">Stem files and downloads</h2>
      <NamingTemplateField value={draft.namingTemplate} onChange={(value) => change('namingTemplate', value)} preview={preview} />

      <WholeNumberField
        id="poll-interval"
        label="Check running separations every (seconds)"
        value={draft.pollIntervalSeconds}
        range={POLL_SECONDS_RANGE}
        problem={problems.pollIntervalSeconds}
        helpId="poll-interval-help"
        onChange={(value) => change('pollIntervalSeconds', value)}
      />
      <p className="muted" id="poll-interval-help">
        crun.ai recommends 15 to 30 seconds.
        {settings.pollIntervalSeconds < POLL_SECONDS_RANGE.min &&
          ` This run checks every ${settings.pollIntervalSeconds} s because it was started that way (the sandbox's simulator finishes in seconds); a saved value must be at least ${POLL_SECONDS_RANGE.min} s.`}
      </p>

      <WholeNumberField
        id="parallel-downloads"
        label="Parallel downloads"
        value={draft.parallelDownloads}
        range={PARALLEL_DOWNLOADS_RANGE}
        problem={problems.parallelDownloads}
        onChange={(value) => change('parallelDownloads', value)}
      />

      <details>
        <summary>Advanced</summary>
        <label htmlFor="api-base">API address</label>
        <input id="api-base" value={settings.apiBase} readOnly aria-describedby="api-base-help" data-testid="api-base" />
        <p className="muted" id="api-base-help">
          Your key is sent only to this address. To use another, start Stemcrate with the STEMCRATE_API_BASE environment variable
          set; the stemcrate command takes --api-base.
        </p>
      </details>

      <div className="row">
        <button type="submit" className="primary" data-testid="save-settings" disabled={saving || preview.invalid || hasProblem}>
          Save settings
        </button>
        {saved && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
      </div>
      {error && <ErrorNotice error={error} heading="The settings were not saved." />}
    </form>
  );
}

export function SettingsView() {
  const settings = useSettingsStore((state) => state.settings);
  const error = useSettingsStore((state) => state.error);
  const load = useSettingsStore((state) => state.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="view" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <KeySection />
      {settings && <LibraryFolderSection settingsFolder={settings.libraryDir} />}
      {settings && <SettingsForm settings={settings} />}
      {!settings && error && <ErrorNotice error={error} onRetry={() => void load()} />}
    </main>
  );
}
