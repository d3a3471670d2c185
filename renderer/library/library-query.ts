// The query the library view sends to main. Pure function.
import type { LibraryQuery, SeparationMode } from '../../preload/contract.js';

export type LibrarySort = NonNullable<LibraryQuery['sort']>;

export interface LibraryFilters {
  text: string;
  mode: SeparationMode | null;
  favouritesOnly: boolean;
  sort: LibrarySort;
}

/** Builds the query main expects, leaving out filters that are off. */
export function buildQuery(filters: LibraryFilters): LibraryQuery {
  const query: LibraryQuery = { sort: filters.sort };
  const text = filters.text.trim();
  if (text !== '') query.text = text;
  if (filters.mode) query.mode = filters.mode;
  if (filters.favouritesOnly) query.favouritesOnly = true;
  return query;
}
