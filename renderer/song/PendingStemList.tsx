// Stems of this song that are not downloaded yet: listed so the user sees them coming, but not
// draggable, with the reason.
import { formatBytes, percent } from '../format/numbers.js';
import { notDraggableReason, type PendingStem } from './stem-groups.js';

export function PendingStemList({ pending }: { pending: readonly PendingStem[] }) {
  if (pending.length === 0) return null;
  return (
    <section className="stem-group pending" aria-label="Stems not downloaded yet">
      <h3>Not downloaded yet</h3>
      <ul className="stem-list">
        {pending.map(({ task, stem }) => {
          const value = percent(stem.bytes, stem.totalBytes);
          const reason = notDraggableReason(stem);
          return (
            <li key={`${task.id}/${stem.key}`} className="stem-row disabled" data-testid="pending-stem-row" aria-disabled="true" title={reason}>
              <span className="stem-label">{stem.label}</span>
              <span className="badge">{task.mode === 'vocal' ? 'Vocal' : 'Instrumental'}</span>
              {stem.state === 'downloading' && <progress max={100} value={value ?? undefined} aria-label={`${stem.label} download`} />}
              <span className="muted">
                {reason}
                {stem.state === 'downloading' && ` ${formatBytes(stem.bytes)}`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
