// The notices main reports at the top of the app, each with a Dismiss button.
import { useNoticesStore } from '../stores/notices-store.js';

export function AppNotices() {
  const notices = useNoticesStore((state) => state.notices);
  const dismiss = useNoticesStore((state) => state.dismiss);
  if (notices.length === 0) return null;

  return (
    <div className="app-notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`app-notice ${notice.level}`} role="alert" data-testid="app-notice">
          <p>{notice.message}</p>
          <button type="button" className="quiet" onClick={() => void dismiss(notice.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
