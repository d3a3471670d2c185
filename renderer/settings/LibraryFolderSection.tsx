// The library folder section of the settings: where the library is, how large it is, and moving
// it to a folder the user picks. Main opens the OS folder picker, so no path goes from the page
// to main.
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatBytes, plural } from '../format/numbers.js';
import { useLibraryStore } from '../stores/library-store.js';
import { useSettingsStore, type MoveOutcome } from '../stores/settings-store.js';

function MoveOutcomeNote({ outcome, folder }: { outcome: MoveOutcome; folder: string }) {
  if (outcome.kind === 'cancelled') {
    return (
      <p className="muted" role="status" data-testid="library-move-cancelled">
        No folder was chosen, so the library stays in <code>{folder}</code>.
      </p>
    );
  }
  return (
    <div className="notice notice-ok notice-column" role="status" data-testid="library-moved">
      <strong>
        Moved {plural(outcome.songCount, 'song')} to <code>{outcome.folder}</code>.
      </strong>
      {outcome.skipped.length > 0 && (
        <div data-testid="library-move-skipped">
          <span className="notice-message">
            {plural(outcome.skipped.length, 'entry', 'entries')} stayed in the old folder, because symbolic links are not copied:
          </span>
          <ul>
            {outcome.skipped.map((entry) => (
              <li key={entry}>
                <code>{entry}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function LibraryFolderSection({ settingsFolder }: { settingsFolder: string }) {
  const summary = useLibraryStore((state) => state.summary);
  // The summary names the folder the library has open, which is the truth after a move even where
  // a launch option pins the setting (main then keeps reporting the pinned folder as the setting).
  const folder = summary?.folder ?? settingsFolder;
  const moving = useSettingsStore((state) => state.moving);
  const moveOutcome = useSettingsStore((state) => state.moveOutcome);
  const moveError = useSettingsStore((state) => state.moveError);
  const moveLibrary = useSettingsStore((state) => state.moveLibrary);

  return (
    <section className="settings-section" aria-labelledby="settings-library">
      <h2 id="settings-library">Library folder</h2>
      <label htmlFor="library-folder">Folder</label>
      <input id="library-folder" value={folder} readOnly data-testid="library-folder" />
      {summary && (
        <p className="muted" data-testid="settings-library-summary">
          {plural(summary.songCount, 'song')}, {plural(summary.stemCount, 'stem')}, {formatBytes(summary.totalBytes)}.
        </p>
      )}
      <div className="row">
        <button type="button" data-testid="move-library-button" disabled={moving} onClick={() => void moveLibrary()}>
          Move library…
        </button>
        {moving && (
          <span className="muted" role="status">
            Moving the library: copying every file and checking each copy…
          </span>
        )}
      </div>
      <p className="muted">
        Choose an empty folder. Stemcrate copies every song folder there, checks each copy, and only then deletes the old files.
        Wait until running downloads have finished.
      </p>
      {moveOutcome && <MoveOutcomeNote outcome={moveOutcome} folder={folder} />}
      {moveError && <ErrorNotice error={moveError} heading="The library was not moved." />}
    </section>
  );
}
