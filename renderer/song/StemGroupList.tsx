// The stems of one separation: audible stems first, near-silent ones collapsed under a note, and
// a handle that drags all stems of the separation at once.
import type { DragEvent } from 'react';
import { bridge } from '../bridge.js';
import { formatCreditsWithUnit, plural } from '../format/numbers.js';
import { formatDateTime } from '../format/time.js';
import { groupTitle, type StemGroup } from './stem-groups.js';
import { StemRow } from './StemRow.js';

interface StemGroupListProps {
  group: StemGroup;
  /** Every group of the song, so that two separations of one mode get distinct headings. */
  groups: readonly StemGroup[];
}

export function StemGroupList({ group, groups }: StemGroupListProps) {
  const audible = group.stems.filter((stem) => !stem.nearSilent);
  const silent = group.stems.filter((stem) => stem.nearSilent);
  const separation = group.separation;
  const heading = groupTitle(group, groups);

  const dragAll = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault(); // Electron starts the OS drag, as in StemRow.
    bridge.library.startDrag(group.stems.map((stem) => stem.id));
  };

  return (
    <section className="stem-group" data-testid="stem-group" aria-label={heading}>
      <header className="stem-group-head">
        <h3>{heading}</h3>
        {separation && (
          <span className="muted">
            {formatDateTime(separation.completedAt ?? separation.createdAt)}
            {separation.credits !== null && ` · ${formatCreditsWithUnit(separation.credits)}`}
          </span>
        )}
        <div className="drag-all" draggable onDragStart={dragAll} title="Drag into your DAW or a folder. Without a mouse, use Show folder.">
          ⇲ Drag all {plural(group.stems.length, 'stem')}
        </div>
      </header>
      <ul className="stem-list">
        {audible.map((stem) => (
          <StemRow key={stem.id} stem={stem} groupStems={group.stems} />
        ))}
      </ul>
      {silent.length > 0 && (
        <details className="silent-stems">
          <summary>
            {plural(silent.length, 'near-silent stem')} hidden: crun.ai found almost nothing for{' '}
            {silent.map((stem) => stem.label).join(', ')}.
          </summary>
          <ul className="stem-list">
            {silent.map((stem) => (
              <StemRow key={stem.id} stem={stem} groupStems={group.stems} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
