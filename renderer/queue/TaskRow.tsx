// One separation task in the queue: state, timing, stem downloads, time left before the provider
// deletes the files, errors with their fix, and the cancel, retry and remove actions.
import type { TaskDto } from '../../preload/contract.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatCreditsWithUnit } from '../format/numbers.js';
import { formatApproxDuration, formatDateTime, formatElapsed, formatTimeLeft, isExpiringSoon } from '../format/time.js';
import { useTasksStore } from '../stores/tasks-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { StemProgressList } from './StemProgressList.js';
import { ERROR_TEXT } from '../errors/messages.js';
import { canCancel, canRemove, canRetry, elapsedMs, isActive, isWaitingForProvider, STATE_HINT, STATE_LABEL, stemCounts } from './task-rules.js';

interface TaskRowProps {
  task: TaskDto;
  now: number;
  typicalMs: number;
  /** Asks the queue to confirm a retry that creates a new paid task. */
  onRetry: (task: TaskDto) => void;
}

export function TaskRow({ task, now, typicalMs, onRetry }: TaskRowProps) {
  const actionError = useTasksStore((state) => state.actionErrors[task.id]);
  const cancel = useTasksStore((state) => state.cancel);
  const remove = useTasksStore((state) => state.remove);
  const clearActionError = useTasksStore((state) => state.clearActionError);
  const openSong = useUiStore((state) => state.openSong);

  const active = isActive(task.state);
  const elapsed = elapsedMs(task, now);
  const counts = stemCounts(task);
  const waitingForDownload = task.expiresAt !== null && counts.ready < counts.total && task.state !== 'expired';
  const hint = STATE_HINT[task.state];
  const retryable = canRetry(task);
  // The error notice carries the retry button when retry is its action. Otherwise the row does.
  const noticeRetries = task.error !== null && ERROR_TEXT[task.error.code]?.action.kind === 'retry';

  return (
    <li className={`task-row state-${task.state}`} data-testid="task-row" data-state={task.state} data-task-id={task.id}>
      <div className="task-head">
        <strong className="task-title">{task.songTitle || task.sunoId}</strong>
        <span className="badge">{task.mode === 'vocal' ? 'Vocal' : 'Instrumental'}</span>
        <span className={`task-state state-${task.state}`} data-testid="task-state">
          {STATE_LABEL[task.state]}
        </span>
      </div>

      <div className="task-meta muted">
        <span>Started {formatDateTime(task.createdAt)}</span>
        {isWaitingForProvider(task.state) && (
          <span data-testid="task-elapsed">
            {formatElapsed(elapsed)} so far, usually about {formatApproxDuration(typicalMs)}
          </span>
        )}
        {!active && task.completedAt !== null && <span>Took {formatElapsed(elapsed)}</span>}
        {task.credits !== null && <span>{formatCreditsWithUnit(task.credits)}</span>}
        {task.taskId && (
          <span>
            Task <code>{task.taskId}</code>
          </span>
        )}
      </div>

      {(task.state === 'pending' || task.state === 'running') && (
        <progress className="task-timing" max={typicalMs} value={Math.min(elapsed, typicalMs)} aria-label="Time so far against the usual time" />
      )}
      {hint && <p className="muted">{hint}</p>}

      {waitingForDownload && task.expiresAt !== null && (
        <p className={isExpiringSoon(task.expiresAt, now) ? 'expiry expiry-soon' : 'expiry'} data-testid="task-expiry">
          crun.ai deletes the files not yet downloaded: {formatTimeLeft(task.expiresAt, now)}.
        </p>
      )}

      {task.state === 'done' && counts.ready === counts.total ? (
        <p className="muted" data-testid="task-stems-done">
          All {counts.total} stems downloaded.
        </p>
      ) : (
        <StemProgressList stems={task.stems} />
      )}

      {task.error && (
        <ErrorNotice
          error={task.error}
          // The error code gives the reason the submission went unconfirmed.
          // The heading explains what that means here.
          {...(task.state === 'maybe_submitted' ? { heading: 'crun.ai did not confirm this submission.' } : {})}
          onRetry={retryable ? () => onRetry(task) : undefined}
        />
      )}
      {actionError && <ErrorNotice error={actionError} onDismiss={() => clearActionError(task.id)} />}

      <div className="task-actions">
        {task.songId && (
          <button type="button" onClick={() => openSong(task.songId ?? '')} data-testid="open-song-button">
            Open in library
          </button>
        )}
        {canCancel(task) && (
          <button type="button" onClick={() => void cancel(task.id)}>
            Cancel
          </button>
        )}
        {retryable && !noticeRetries && (
          <button type="button" onClick={() => onRetry(task)}>
            Retry
          </button>
        )}
        {canRemove(task) && (
          <button type="button" className="quiet" onClick={() => void remove(task.id)} title="Removes this record from the queue; downloaded stems stay in the library">
            Remove record
          </button>
        )}
      </div>
    </li>
  );
}
