// One song in the library list.
import { memo } from 'react';
import { Cover } from '../components/Cover.js';
import { plural } from '../format/numbers.js';
import { formatDate, formatDuration } from '../format/time.js';
import type { SongListItemDto } from '../../preload/contract.js';

interface SongRowProps {
  song: SongListItemDto;
  index: number;
  active: boolean;
  /** Offset from the top of the list in CSS pixels. */
  top: number;
  height: number;
  onOpen: (index: number) => void;
}

/** DOM id of a row, for aria-activedescendant. */
export function rowElementId(index: number): string {
  return `library-row-${index}`;
}

/** Memoised, so scrolling renders only the rows that come into view. */
export const SongRow = memo(function SongRow({ song, index, active, top, height, onOpen }: SongRowProps) {
  const modes = song.modes.map((mode) => (mode === 'vocal' ? 'Vocal' : 'Instrumental'));
  return (
    <div
      id={rowElementId(index)}
      role="option"
      aria-selected={active}
      className={`library-row${active ? ' active' : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height, transform: `translateY(${top}px)` }}
      data-testid="library-row"
      data-song-id={song.id}
      onClick={() => onOpen(index)}
    >
      <Cover url={song.coverUrl} size={44} />
      <div className="library-row-main">
        <span className="library-row-title">
          {song.favourite && (
            <span className="favourite" aria-label="Favourite">
              ★{' '}
            </span>
          )}
          {song.title || 'Untitled'}
        </span>
        <span className="tags">{song.styleTags}</span>
      </div>
      <span className="library-row-cell">{formatDuration(song.durationSeconds)}</span>
      <span className="library-row-cell">{formatDate(song.addedAt)}</span>
      <span className="library-row-cell" title={modes.join(', ')}>
        {plural(song.separationCount, 'separation')}
      </span>
      <span className="library-row-cell">{plural(song.stemCount, 'stem')}</span>
    </div>
  );
});
