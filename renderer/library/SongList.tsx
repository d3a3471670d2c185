// The virtualised song list: only the rows in view are in the DOM, however many songs the
// library holds. Arrow keys, Page Up/Down, Home and End move the active row, and Enter opens it.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, type KeyboardEvent } from 'react';
import { useLibraryStore } from '../stores/library-store.js';
import type { SongListItemDto } from '../../preload/contract.js';
import { navigateList } from './list-navigation.js';
import { rowElementId, SongRow } from './SongRow.js';

/** Row height in CSS pixels, set on every row as an inline style. */
const ROW_HEIGHT = 60;

interface SongListProps {
  songs: readonly SongListItemDto[];
  onOpen: (songId: string) => void;
}

export function SongList({ songs, onOpen }: SongListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const activeIndex = useLibraryStore((state) => state.activeIndex);
  const setActiveIndex = useLibraryStore((state) => state.setActiveIndex);
  const virtualizer = useVirtualizer({
    count: songs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  const openRow = useCallback(
    (index: number) => {
      const song = songs[index];
      if (!song) return;
      setActiveIndex(index);
      onOpen(song.id);
    },
    [songs, setActiveIndex, onOpen],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter') {
      const song = songs[activeIndex];
      if (song) {
        event.preventDefault();
        onOpen(song.id);
      }
      return;
    }
    const pageSize = Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT);
    const next = navigateList(event.key, activeIndex, songs.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const activeSong = songs[activeIndex];
  return (
    <div
      ref={scrollRef}
      className="song-list"
      role="listbox"
      tabIndex={0}
      aria-label={`Songs, ${songs.length} shown`}
      aria-activedescendant={activeSong ? rowElementId(activeIndex) : undefined}
      data-testid="library-list"
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (activeIndex < 0 && songs.length > 0) setActiveIndex(0);
      }}
    >
      <div className="song-list-rows" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const song = songs[item.index];
          if (!song) return null;
          return (
            <SongRow
              key={song.id}
              song={song}
              index={item.index}
              active={item.index === activeIndex}
              top={item.start}
              height={ROW_HEIGHT}
              onOpen={openRow}
            />
          );
        })}
      </div>
    </div>
  );
}
