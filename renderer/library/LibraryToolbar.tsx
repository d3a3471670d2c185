// Search, filters and sort of the library list.
import type { SeparationMode } from '../../preload/contract.js';
import { useLibraryStore, type LibrarySort } from '../stores/library-store.js';

export function LibraryToolbar() {
  const text = useLibraryStore((state) => state.text);
  const mode = useLibraryStore((state) => state.mode);
  const favouritesOnly = useLibraryStore((state) => state.favouritesOnly);
  const sort = useLibraryStore((state) => state.sort);
  const setText = useLibraryStore((state) => state.setText);
  const setMode = useLibraryStore((state) => state.setMode);
  const setFavouritesOnly = useLibraryStore((state) => state.setFavouritesOnly);
  const setSort = useLibraryStore((state) => state.setSort);

  return (
    <div className="library-toolbar" role="search">
      <label className="visually-hidden" htmlFor="library-search">
        Search songs
      </label>
      <input
        id="library-search"
        data-testid="library-search"
        type="search"
        placeholder="Search title, style, lyrics, notes…"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <label>
        Mode{' '}
        <select
          value={mode ?? ''}
          data-testid="library-mode-filter"
          onChange={(event) => setMode(event.target.value === '' ? null : (event.target.value as SeparationMode))}
        >
          <option value="">All</option>
          <option value="vocal">Vocal</option>
          <option value="instrumental">Instrumental</option>
        </select>
      </label>
      <label>
        <input type="checkbox" checked={favouritesOnly} onChange={(event) => setFavouritesOnly(event.target.checked)} /> Favourites
      </label>
      <label>
        Sort{' '}
        <select value={sort} data-testid="library-sort" onChange={(event) => setSort(event.target.value as LibrarySort)}>
          <option value="added">Date added</option>
          <option value="title">Title</option>
          <option value="duration">Duration</option>
        </select>
      </label>
    </div>
  );
}
