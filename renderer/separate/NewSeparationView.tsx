// New separation: paste generation task ids, look up their songs, choose songs and a mode, submit.
import { useEffect } from 'react';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatCreditsWithUnit, plural } from '../format/numbers.js';
import { useSeparateStore } from '../stores/separate-store.js';
import { sortTasks, useTasksStore } from '../stores/tasks-store.js';
import { useUiStore } from '../stores/ui-store.js';
import { describeCost, estimateCost } from './cost-estimate.js';
import { DuplicateWarning } from './DuplicateWarning.js';
import { GenerationSongs } from './GenerationSongs.js';
import { ModePicker } from './ModePicker.js';

export function NewSeparationView() {
  const store = useSeparateStore();
  const tasks = useTasksStore((state) => state.tasks);
  const show = useUiStore((state) => state.show);
  const taskList = sortTasks(tasks);
  const lookingUp = store.lookups.some((lookup) => lookup.state === 'loading');
  const loadBalance = store.loadBalance;
  const songCount = store.selected.length;
  // The options appear once a look-up has found songs. A failed look-up shows only its error.
  const foundSongs = store.lookups.some((lookup) => lookup.state === 'done' && (lookup.generation?.songs.length ?? 0) > 0);
  const cost = describeCost(estimateCost(taskList, store.mode, songCount), store.mode, songCount, store.balance);

  useEffect(() => {
    void loadBalance();
  }, [loadBalance]);

  return (
    <main className="view" aria-labelledby="separate-title">
      <h1 id="separate-title">New separation</h1>

      <form
        className="lookup-form"
        onSubmit={(event) => {
          event.preventDefault();
          void store.lookUp();
        }}
      >
        <label htmlFor="lookup-input">Suno generation task ids</label>
        <p className="muted" id="lookup-help">
          One per line, or separated by commas. The id is in your crun.ai task list.
        </p>
        <textarea
          id="lookup-input"
          data-testid="lookup-input"
          aria-describedby="lookup-help"
          rows={3}
          spellCheck={false}
          value={store.input}
          onChange={(event) => store.setInput(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void store.lookUp();
            }
          }}
        />
        <div className="row">
          <button type="submit" className="primary" data-testid="lookup-button" disabled={lookingUp || store.input.trim() === ''}>
            Look up
          </button>
          <span className="muted">Ctrl+Enter also looks up.</span>
        </div>
        {store.invalidIds.length > 0 && (
          <p className="notice notice-error" role="alert">
            Not a task id, so skipped: {store.invalidIds.join(', ')}. Task ids contain only letters, digits, dots, dashes,
            colons and underscores.
          </p>
        )}
      </form>

      {store.lookups.map((lookup) => (
        <GenerationSongs key={lookup.generationTaskId} lookup={lookup} tasks={taskList} />
      ))}

      {foundSongs && (
        <section className="submit-panel" aria-label="Separation options">
          <ModePicker mode={store.mode} onChange={store.setMode} />
          <p className="balance" data-testid="balance">
            {store.balance !== null ? `Balance: ${formatCreditsWithUnit(store.balance)}` : 'Balance: unknown'}
            <button type="button" className="quiet" onClick={() => void store.loadBalance()}>
              Refresh
            </button>
          </p>
          {store.balanceError && <ErrorNotice error={store.balanceError} onRetry={() => void store.loadBalance()} />}
          <p className="muted" data-testid="cost-estimate">
            {cost.text}
          </p>
          {cost.shortfall && (
            <p className="notice notice-warning" role="status" data-testid="cost-shortfall">
              Your balance may not cover this. crun.ai refuses a separation it cannot charge; top up your credits first.
            </p>
          )}
          <button
            type="button"
            className="primary"
            data-testid="submit-button"
            disabled={store.submitting || store.selected.length === 0}
            onClick={() => void store.submit()}
          >
            {store.selected.length === 0 ? 'Choose a song to separate' : `Separate ${plural(store.selected.length, 'song')}`}
          </button>
        </section>
      )}

      {store.duplicates.length > 0 && (
        <DuplicateWarning
          duplicates={store.duplicates}
          busy={store.submitting}
          onConfirm={() => void store.confirmDuplicates()}
          onDismiss={store.dismissDuplicates}
        />
      )}

      {store.outcomes.length > 0 && (
        <section aria-label="Submitted" className="outcomes" data-testid="submit-outcomes">
          {store.outcomes.map((outcome) =>
            outcome.task ? (
              <p key={outcome.songKey} className="notice notice-ok" role="status">
                Submitted “{outcome.title}”.{' '}
                <button type="button" className="link" onClick={() => show('queue')}>
                  Follow it in the queue
                </button>
              </p>
            ) : outcome.error ? (
              <div key={outcome.songKey}>
                <p className="outcome-title">“{outcome.title}” was not submitted:</p>
                <ErrorNotice error={outcome.error} onRetry={() => void store.submit()} />
              </div>
            ) : null,
          )}
        </section>
      )}
    </main>
  );
}
