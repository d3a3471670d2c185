// The songs of one looked-up generation task, each with a checkbox to choose it for separation.
import type { TaskDto } from '../../preload/contract.js';
import { Cover } from '../components/Cover.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDuration } from '../format/time.js';
import { songKey, useSeparateStore, type Lookup } from '../stores/separate-store.js';
import { STATE_LABEL } from '../queue/task-rules.js';

interface GenerationSongsProps {
  lookup: Lookup;
  /** Earlier separation tasks, to mark songs already separated. */
  tasks: readonly TaskDto[];
}

/** Describes earlier separation tasks of a song, e.g. "Vocal: Done, Instrumental: Separating". */
function earlierSeparations(tasks: readonly TaskDto[], sunoId: string): string | null {
  const matching = tasks.filter((task) => task.sunoId === sunoId);
  if (matching.length === 0) return null;
  return matching.map((task) => `${task.mode === 'vocal' ? 'Vocal' : 'Instrumental'}: ${STATE_LABEL[task.state]}`).join(', ');
}

export function GenerationSongs({ lookup, tasks }: GenerationSongsProps) {
  const selected = useSeparateStore((state) => state.selected);
  const toggleSong = useSeparateStore((state) => state.toggleSong);
  const lookUp = useSeparateStore((state) => state.lookUp);
  const generation = lookup.generation;

  return (
    <section className="generation" aria-label={`Generation task ${lookup.generationTaskId}`} data-testid="generation">
      <h3>
        Generation <code>{lookup.generationTaskId}</code>
      </h3>
      {lookup.state === 'loading' && <p className="muted" role="status">Looking up…</p>}
      {lookup.error && <ErrorNotice error={lookup.error} onRetry={() => void lookUp()} />}
      {generation && generation.songs.length === 0 && (
        <p className="muted">This generation task has no finished songs (status: {generation.status}).</p>
      )}
      {generation && generation.songs.length > 0 && (
        <ul className="song-choices">
          {generation.songs.map((song) => {
            const key = songKey(lookup.generationTaskId, song.sunoId);
            const earlier = earlierSeparations(tasks, song.sunoId);
            return (
              <li key={key}>
                <label className="song-choice" data-testid="song-row" data-suno-id={song.sunoId}>
                  <input type="checkbox" checked={selected.includes(key)} onChange={() => toggleSong(key)} />
                  <Cover url={song.imageUrl} size={48} />
                  <span className="song-choice-text">
                    <strong>{song.title || 'Untitled'}</strong>
                    <span className="muted">
                      {formatDuration(song.durationSeconds)}
                      {song.model ? ` · ${song.model}` : ''}
                    </span>
                    {song.tags && <span className="tags">{song.tags}</span>}
                    {earlier && <span className="badge">Sent before: {earlier}</span>}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
