// Song details (prompt, style tags, lyrics, model, task ids, credits, dates, disk use) and the
// form that edits the title, tags and notes.
import { useEffect, useState } from 'react';
import type { SongDetailDto } from '../../preload/contract.js';
import { formatBytes, formatCredits, formatCreditsWithUnit } from '../format/numbers.js';
import { formatDateTime, formatDuration } from '../format/time.js';
import { useSongStore } from '../stores/song-store.js';
import { parseTags } from './tags.js';

function SongEditForm({ song }: { song: SongDetailDto }) {
  const update = useSongStore((state) => state.update);
  const [title, setTitle] = useState(song.title);
  const [tags, setTags] = useState(song.tags.join(', '));
  const [notes, setNotes] = useState(song.notes);
  const [saved, setSaved] = useState(false);

  // A reload from main (another edit, a new separation) replaces the form's values.
  useEffect(() => {
    setTitle(song.title);
    setTags(song.tags.join(', '));
    setNotes(song.notes);
  }, [song.title, song.tags, song.notes]);

  const dirty = title !== song.title || tags !== song.tags.join(', ') || notes !== song.notes;

  return (
    <form
      className="song-edit"
      onSubmit={(event) => {
        event.preventDefault();
        void update({ title: title.trim() || song.title, tags: parseTags(tags), notes }).then(setSaved);
      }}
    >
      <label htmlFor="song-title">Title</label>
      <input id="song-title" value={title} onChange={(event) => {
          setTitle(event.target.value);
          setSaved(false);
        }} />
      <label htmlFor="song-tags">Your tags</label>
      <input
        id="song-tags"
        data-testid="song-tags-input"
        value={tags}
        placeholder="e.g. demo, remix, 120 bpm"
        aria-describedby="song-tags-help"
        onChange={(event) => {
          setTags(event.target.value);
          setSaved(false);
        }}
      />
      <p className="muted field-help" id="song-tags-help">
        Separate tags with commas.
      </p>
      <label htmlFor="song-notes">Notes</label>
      <textarea id="song-notes" rows={3} value={notes} onChange={(event) => {
          setNotes(event.target.value);
          setSaved(false);
        }} />
      <div className="row">
        <button type="submit" className="primary" disabled={!dirty} data-testid="song-save-button">
          Save changes
        </button>
        {saved && !dirty && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}

export function SongDetails({ song }: { song: SongDetailDto }) {
  const totalCredits = song.separations.reduce((sum, separation) => sum + (separation.credits ?? 0), 0);
  const rows: [string, string][] = [
    ['Style', song.styleTags || '–'],
    ['Model', song.model ?? '–'],
    ['Length', formatDuration(song.durationSeconds)],
    ['Added', formatDateTime(song.addedAt)],
    ['Disk use', formatBytes(song.bytes)],
    ['Folder', song.folderName],
    ['Suno song id', song.sunoId ?? '–'],
    ['Generation task', song.generationTaskId ?? '–'],
    ['Credits spent', formatCreditsWithUnit(totalCredits)],
  ];

  return (
    <section className="song-details" aria-labelledby="song-details-title">
      <h2 id="song-details-title">Details</h2>
      <dl>
        {rows.map(([term, value]) => (
          <div key={term} className="detail-row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      {song.separations.length > 0 && (
        <table className="separations">
          <caption>Separations</caption>
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col">Task id</th>
              <th scope="col">Submitted</th>
              <th scope="col">Completed</th>
              <th scope="col">Credits</th>
            </tr>
          </thead>
          <tbody>
            {song.separations.map((separation) => (
              <tr key={separation.taskId}>
                <td>{separation.mode === 'vocal' ? 'Vocal' : 'Instrumental'}</td>
                <td>
                  <code>{separation.taskId}</code>
                </td>
                <td>{formatDateTime(separation.createdAt)}</td>
                <td>{separation.completedAt !== null ? formatDateTime(separation.completedAt) : '–'}</td>
                <td>{formatCredits(separation.credits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {song.warnings.length > 0 && (
        <div className="notice notice-warning" role="note">
          <strong>Library notes on this song</strong>
          <ul>
            {song.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      )}

      <SongEditForm song={song} />

      {song.prompt && (
        <details>
          <summary>Prompt</summary>
          <p className="prose">{song.prompt}</p>
        </details>
      )}
      {song.lyrics && (
        <details>
          <summary>Lyrics</summary>
          <pre className="lyrics">{song.lyrics}</pre>
        </details>
      )}
    </section>
  );
}
