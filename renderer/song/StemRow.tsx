// One downloaded stem: select, play alone, and drag into a DAW or file manager.
import type { DragEvent } from 'react';
import type { StemDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { formatBytes } from '../format/numbers.js';
import { formatDuration } from '../format/time.js';
import { usePlayerStore } from '../stores/player-store.js';
import { useSongStore } from '../stores/song-store.js';
import { stemsToDrag } from './stem-groups.js';

interface StemRowProps {
  stem: StemDto;
  /** Stems of the same group, which a drag of the selection may carry. */
  groupStems: readonly StemDto[];
}

export function StemRow({ stem, groupStems }: StemRowProps) {
  const selected = useSongStore((state) => state.selectedStemIds);
  const toggleStem = useSongStore((state) => state.toggleStem);
  const previewStemId = usePlayerStore((state) => state.previewStemId);
  const setPreview = usePlayerStore((state) => state.setPreview);
  const isSelected = selected.includes(stem.id);
  const previewing = previewStemId === stem.id;

  const onDragStart = (event: DragEvent<HTMLLIElement>): void => {
    // Electron starts the OS drag itself (webContents.startDrag), so the HTML drag is cancelled.
    // The call must happen synchronously inside dragstart.
    event.preventDefault();
    bridge.library.startDrag(stemsToDrag(stem, selected, groupStems));
  };

  return (
    <li
      className={`stem-row${isSelected ? ' selected' : ''}`}
      data-testid="stem-row"
      data-stem-id={stem.id}
      draggable
      onDragStart={onDragStart}
      title="Drag into your DAW or a folder"
    >
      <input type="checkbox" checked={isSelected} onChange={() => toggleStem(stem.id)} aria-label={`Select ${stem.label}`} />
      <button
        type="button"
        className="icon-button"
        data-testid="stem-play"
        aria-pressed={previewing}
        aria-label={previewing ? `Stop ${stem.label}` : `Play ${stem.label} alone`}
        onClick={() => setPreview(previewing ? null : stem.id)}
      >
        {previewing ? '■' : '▶'}
      </button>
      <span className="stem-label">{stem.label}</span>
      {stem.nearSilent && <span className="badge">Near silent</span>}
      <span className="muted">{formatDuration(stem.durationSeconds)}</span>
      <span className="muted">{formatBytes(stem.bytes)}</span>
      <span className="muted stem-file" title={stem.fileName}>
        {stem.fileName}
      </span>
    </li>
  );
}
