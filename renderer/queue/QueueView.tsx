// The queue: every separation task, active ones first, with live status from main's task events.
import { useState } from 'react';
import type { TaskDto } from '../../preload/contract.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useNow } from '../components/use-now.js';
import { sortTasks, useTasksStore } from '../stores/tasks-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { TaskRow } from './TaskRow.js';
import { isActive, needsAttention, retryCostsCredits, typicalDurationMs } from './task-rules.js';

export function QueueView() {
  const tasks = useTasksStore((state) => state.tasks);
  const loaded = useTasksStore((state) => state.loaded);
  const loadError = useTasksStore((state) => state.loadError);
  const load = useTasksStore((state) => state.load);
  const retry = useTasksStore((state) => state.retry);
  const show = useUiStore((state) => state.show);
  const now = useNow(1000);
  const [confirming, setConfirming] = useState<TaskDto | null>(null);

  const all = sortTasks(tasks);
  const attention = all.filter((task) => needsAttention(task.state));
  const active = all.filter((task) => isActive(task.state));
  const finished = all.filter((task) => !isActive(task.state) && !needsAttention(task.state));
  const typical = { vocal: typicalDurationMs(all, 'vocal'), instrumental: typicalDurationMs(all, 'instrumental') };

  const requestRetry = (task: TaskDto): void => {
    if (retryCostsCredits(task, Date.now())) {
      setConfirming(task);
      return;
    }
    // Main returns `duplicate` when the retry needs a new paid task after all.
    void retry(task.id, false).then((result) => {
      if (!result.ok && result.error.code === 'duplicate') setConfirming(task);
    });
  };

  const renderRows = (list: TaskDto[]) => (
    <ul className="task-list">
      {list.map((task) => (
        <TaskRow key={task.id} task={task} now={now} typicalMs={typical[task.mode]} onRetry={requestRetry} />
      ))}
    </ul>
  );

  return (
    <main className="view" aria-labelledby="queue-title">
      <h1 id="queue-title">Queue</h1>
      {!loaded && <p className="muted" role="status">Loading tasks…</p>}
      {loadError && <ErrorNotice error={loadError} onRetry={() => void load()} />}
      {loaded && all.length === 0 && (
        <div className="empty-state">
          <p>No separations yet.</p>
          <button type="button" className="primary" onClick={() => show('separate')}>
            New separation
          </button>
        </div>
      )}

      {attention.length > 0 && (
        <section aria-labelledby="queue-attention">
          <h2 id="queue-attention">Needs your attention</h2>
          {renderRows(attention)}
        </section>
      )}
      {active.length > 0 && (
        <section aria-labelledby="queue-active">
          <h2 id="queue-active">In progress</h2>
          {renderRows(active)}
        </section>
      )}
      {finished.length > 0 && (
        <section aria-labelledby="queue-finished">
          <h2 id="queue-finished">Finished</h2>
          {renderRows(finished)}
        </section>
      )}

      <ConfirmDialog
        open={confirming !== null}
        title="Retry as a new paid task?"
        confirmLabel="Retry and pay again"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const task = confirming;
          setConfirming(null);
          if (task) void retry(task.id, true);
        }}
      >
        <p>
          Retrying “{confirming?.songTitle}” sends the song to crun.ai again as a new task, and crun.ai charges it again.
        </p>
      </ConfirmDialog>
    </main>
  );
}
