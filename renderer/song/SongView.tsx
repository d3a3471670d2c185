// The song view. It shows the header with favourite, folder and trash actions, the multi-stem
// player, and the stems per separation, each playable alone and draggable. Below come the stems
// still downloading, the song details and the edit form.
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { Cover } from '../components/Cover.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { plural } from '../format/numbers.js';
import { PlayerPanel } from '../player/PlayerPanel.js';
import { usePlayerStore } from '../stores/player-store.js';
import { useSongStore } from '../stores/song-store.js';
import { sortTasks, useTasksStore } from '../stores/tasks-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { PendingStemList } from './PendingStemList.js';
import { SongDetails } from './SongDetails.js';
import { groupStems, groupTitle, pendingStems } from './stem-groups.js';
import { StemGroupList } from './StemGroupList.js';

/** Plays the previewed stem alone in the song view's one <audio> element. */
function PreviewAudio() {
  const previewStemId = usePlayerStore((state) => state.previewStemId);
  const setPreview = usePlayerStore((state) => state.setPreview);
  const detail = useSongStore((state) => state.detail);
  const stem = detail?.stems.find((item) => item.id === previewStemId);
  if (!stem) return null;
  return <audio key={stem.id} src={stem.mediaUrl} autoPlay data-testid="preview-audio" onEnded={() => setPreview(null)} />;
}

export function SongView() {
  const songId = useUiStore((state) => state.songId);
  const show = useUiStore((state) => state.show);
  const notify = useUiStore((state) => state.notify);
  const { detail, status, error, actionError, actionHeading, load, update, trash, reveal } = useSongStore();
  const setPreview = usePlayerStore((state) => state.setPreview);
  const unloadPlayer = usePlayerStore((state) => state.unload);
  const tasks = useTasksStore((state) => state.tasks);
  const [confirmTrash, setConfirmTrash] = useState(false);
  const [playerTaskId, setPlayerTaskId] = useState<string | null>(null);

  useEffect(() => {
    if (songId) void load(songId);
    return () => setPreview(null);
  }, [songId, load, setPreview]);

  if (!songId) return null;
  if (status === 'loading' || (status === 'idle' && !detail)) {
    return (
      <main className="view">
        <p className="muted" role="status">Loading the song…</p>
      </main>
    );
  }
  if (!detail) {
    return (
      <main className="view">
        <button type="button" className="link" onClick={() => show('library')}>
          ← Library
        </button>
        {error && <ErrorNotice error={error} onRetry={() => void load(songId)} />}
      </main>
    );
  }

  const groups = groupStems(detail);
  const pending = pendingStems(detail, sortTasks(tasks));
  const playerGroup = groups.find((group) => group.separation?.taskId === playerTaskId) ?? groups[0];

  return (
    <main className="view view-song" aria-labelledby="song-title-heading" data-testid="song-view">
      <button type="button" className="link" onClick={() => show('library')}>
        ← Library
      </button>
      <header className="song-header">
        <Cover url={detail.coverUrl} size={96} />
        <div>
          <h1 id="song-title-heading">{detail.title || 'Untitled'}</h1>
          <p className="tags">{detail.styleTags}</p>
          <p className="muted">
            {plural(detail.separations.length, 'separation')} · {plural(detail.stems.length, 'stem')}
          </p>
        </div>
        <div className="song-actions">
          <button type="button" aria-pressed={detail.favourite} data-testid="favourite-button" onClick={() => void update({ favourite: !detail.favourite })}>
            {detail.favourite ? '★ Favourite' : '☆ Add to favourites'}
          </button>
          <button type="button" onClick={() => void reveal()}>
            Show folder
          </button>
          <button type="button" className="danger" onClick={() => setConfirmTrash(true)}>
            Move to trash
          </button>
        </div>
      </header>
      {actionError && <ErrorNotice error={actionError} {...(actionHeading ? { heading: actionHeading } : {})} />}

      {groups.length > 1 && (
        <label className="player-choice">
          Play{' '}
          <select value={playerGroup?.separation?.taskId ?? ''} data-testid="player-choice" onChange={(event) => setPlayerTaskId(event.target.value)}>
            {groups.map((group, index) => (
              <option key={group.separation?.taskId ?? `other-${index}`} value={group.separation?.taskId ?? ''}>
                {`${groupTitle(group, groups)} (${plural(group.stems.length, 'stem')})`}
              </option>
            ))}
          </select>
        </label>
      )}
      {playerGroup && (
        <PlayerPanel songId={detail.id} separationTaskId={playerGroup.separation?.taskId ?? 'other'} stems={playerGroup.stems} />
      )}

      <section aria-labelledby="stems-heading">
        <h2 id="stems-heading">Stems</h2>
        <p className="muted">Drag stems into your DAW or a folder. Select several to drag them together.</p>
        {groups.map((group, index) => (
          <StemGroupList key={group.separation?.taskId ?? `other-${index}`} group={group} groups={groups} />
        ))}
        <PendingStemList pending={pending} />
      </section>

      <SongDetails song={detail} />
      <PreviewAudio />

      <ConfirmDialog
        open={confirmTrash}
        title="Move this song to the trash?"
        confirmLabel="Move to trash"
        danger
        onCancel={() => setConfirmTrash(false)}
        onConfirm={() => {
          setConfirmTrash(false);
          const title = detail.title;
          void trash().then((ok) => {
            if (!ok) return;
            unloadPlayer();
            notify(`“${title}” moved to the trash.`);
            show('library');
          });
        }}
      >
        <p>
          The folder of “{detail.title}” with its {plural(detail.stems.length, 'stem')} moves to your system's trash. You can
          restore it from there.
        </p>
      </ConfirmDialog>
    </main>
  );
}
