// The app shell: the first-run key screen, then the navigation and the open view.
import { useEffect, useState } from 'react';
import { bridge } from './bridge.js';
import { AppNotices } from './components/AppNotices.js';
import { ErrorNotice } from './components/ErrorNotice.js';
import { KeyScreen } from './key/KeyScreen.js';
import { LibraryView } from './library/LibraryView.js';
import { QueueView } from './queue/QueueView.js';
import { isActive } from './queue/task-rules.js';
import { NewSeparationView } from './separate/NewSeparationView.js';
import { SettingsView } from './settings/SettingsView.js';
import { SongView } from './song/SongView.js';
import { useKeyStore } from './stores/key-store.js';
import { useLibraryStore } from './stores/library-store.js';
import { useNoticesStore } from './stores/notices-store.js';
import { useTasksStore } from './stores/tasks-store.js';
import { useUiStore, type View } from './stores/ui-store.js';

/** Time in ms a notice stays on screen. */
const NOTICE_MS = 6000;

const NAV: readonly { view: View; label: string }[] = [
  { view: 'separate', label: 'New separation' },
  { view: 'queue', label: 'Queue' },
  { view: 'library', label: 'Library' },
  { view: 'settings', label: 'Settings' },
];

/** Returns the count shown beside a navigation item, or null for none. */
function navCount(view: View, activeTasks: number, songCount: number | null): number | null {
  if (view === 'queue') return activeTasks > 0 ? activeTasks : null;
  if (view === 'library') return songCount;
  return null;
}

function Navigation() {
  const view = useUiStore((state) => state.view);
  const show = useUiStore((state) => state.show);
  const activeTasks = useTasksStore((state) => Object.values(state.tasks).filter((task) => isActive(task.state)).length);
  const songCount = useLibraryStore((state) => state.summary?.songCount ?? null);

  return (
    <nav className="app-nav" aria-label="Main">
      <span className="app-name">Stemcrate</span>
      {NAV.map((item) => {
        const current = view === item.view || (item.view === 'library' && view === 'song');
        const count = navCount(item.view, activeTasks, songCount);
        return (
          <button
            key={item.view}
            type="button"
            className="nav-item"
            aria-current={current ? 'page' : undefined}
            data-testid={`nav-${item.view}`}
            onClick={() => show(item.view)}
          >
            {item.label}
            {count !== null && <span className="nav-count">{count}</span>}
          </button>
        );
      })}
    </nav>
  );
}

function NoticeBar() {
  const notice = useUiStore((state) => state.notice);
  const dismiss = useUiStore((state) => state.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(dismiss, NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div className={`notice-bar ${notice.tone}`} role="status">
      {notice.text}
      <button type="button" className="quiet" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function CurrentView() {
  const view = useUiStore((state) => state.view);
  // The page scrolls as a whole, so a view opened from a scrolled one would start part-way down.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [view]);
  switch (view) {
    case 'separate':
      return <NewSeparationView />;
    case 'queue':
      return <QueueView />;
    case 'library':
      return <LibraryView />;
    case 'song':
      return <SongView />;
    case 'settings':
      return <SettingsView />;
  }
}

export function App() {
  const status = useKeyStore((state) => state.status);
  const keyError = useKeyStore((state) => state.error);
  const refreshKey = useKeyStore((state) => state.refresh);
  const loadTasks = useTasksStore((state) => state.load);
  const loadSummary = useLibraryStore((state) => state.loadSummary);
  const loadNotices = useNoticesStore((state) => state.load);
  /** Decided once from the first key status: the key screen shows when the app starts without a key. */
  const [firstRun, setFirstRun] = useState<boolean | null>(null);

  useEffect(() => {
    void refreshKey();
    void loadTasks();
    void loadSummary();
    void loadNotices();
  }, [refreshKey, loadTasks, loadSummary, loadNotices]);

  useEffect(() => {
    if (status && firstRun === null) setFirstRun(!status.isSet);
  }, [status, firstRun]);

  if (!bridge.isAvailable()) {
    return (
      <main className="key-screen">
        <h1>Stemcrate</h1>
        <p>This page runs only inside the Stemcrate app or its sandbox host: the connection to the app is missing.</p>
      </main>
    );
  }
  if (!status) {
    return (
      <main className="key-screen">
        {keyError ? <ErrorNotice error={keyError} onRetry={() => void refreshKey()} /> : <p role="status">Starting…</p>}
      </main>
    );
  }
  if (firstRun) return <KeyScreen onContinue={() => setFirstRun(false)} />;

  return (
    <div className="app">
      <Navigation />
      <AppNotices />
      <CurrentView />
      <NoticeBar />
    </div>
  );
}
