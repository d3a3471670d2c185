// The library: summary, search and filters, and the song list with its empty, loading and error states.
import { useEffect } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatBytes, plural } from '../format/numbers.js';
import { useLibraryStore } from '../stores/library-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { LibraryToolbar } from './LibraryToolbar.js';
import { SongList } from './SongList.js';

export function LibraryView() {
  const songs = useLibraryStore((state) => state.songs);
  const status = useLibraryStore((state) => state.status);
  const error = useLibraryStore((state) => state.error);
  const summary = useLibraryStore((state) => state.summary);
  const text = useLibraryStore((state) => state.text);
  const mode = useLibraryStore((state) => state.mode);
  const favouritesOnly = useLibraryStore((state) => state.favouritesOnly);
  const refresh = useLibraryStore((state) => state.refresh);
  const loadSummary = useLibraryStore((state) => state.loadSummary);
  const setText = useLibraryStore((state) => state.setText);
  const setMode = useLibraryStore((state) => state.setMode);
  const setFavouritesOnly = useLibraryStore((state) => state.setFavouritesOnly);
  const openSong = useUiStore((state) => state.openSong);
  const show = useUiStore((state) => state.show);
  const filtered = text.trim() !== '' || mode !== null || favouritesOnly;

  useEffect(() => {
    void refresh();
    void loadSummary();
  }, [refresh, loadSummary]);

  return (
    <main className="view view-library" aria-labelledby="library-title">
      <div className="view-header">
        <h1 id="library-title">Library</h1>
        {summary && (
          <p className="muted" data-testid="library-summary">
            {plural(summary.songCount, 'song')} · {plural(summary.stemCount, 'stem')} · {formatBytes(summary.totalBytes)} in{' '}
            <code>{summary.folder}</code>
          </p>
        )}
      </div>
      <LibraryToolbar />

      {status === 'loading' && <p className="muted" role="status">Loading the library…</p>}
      {status === 'error' && error && <ErrorNotice error={error} onRetry={() => void refresh()} />}
      {status === 'ready' && songs.length === 0 && !filtered && (
        <div className="empty-state" data-testid="library-empty">
          <p>No songs yet. Separate a song and its stems appear here.</p>
          <button type="button" className="primary" onClick={() => show('separate')}>
            New separation
          </button>
        </div>
      )}
      {status === 'ready' && songs.length === 0 && filtered && (
        <div className="empty-state" data-testid="library-no-match">
          <p>{text.trim() !== '' ? `No songs match “${text.trim()}”.` : 'No songs match these filters.'}</p>
          <button
            type="button"
            onClick={() => {
              setText('');
              setMode(null);
              setFavouritesOnly(false);
            }}
          >
            Clear search and filters
          </button>
        </div>
      )}
      {songs.length > 0 && <SongList songs={songs} onOpen={openSong} />}
    </main>
  );
}
