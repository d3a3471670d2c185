// An error as the user sees it: the code's sentence, main's specific message, the details on
// request, and the one action that fixes it.
import type { AppErrorDto } from '../../preload/contract.js';
import { describeError } from '../errors/messages.js';
import { useUiStore } from '../stores/ui-store.js';

interface ErrorNoticeProps {
  error: AppErrorDto;
  /**
   * Heading that names the failed action, shown in place of the code's sentence where that
   * sentence would mislead. A value the user typed and main rejected is not "an invalid request".
   */
  heading?: string;
  /** Runs the "retry" action; without it the retry button is not shown. */
  onRetry?: () => void;
  /** Runs the "separate again" action of a duplicate warning. */
  onSeparateAgain?: () => void;
  /** Hides the "set key" action where the key form is already on screen. */
  hideKeyAction?: boolean;
  onDismiss?: () => void;
}

export function ErrorNotice({ error, heading, onRetry, onSeparateAgain, hideKeyAction, onDismiss }: ErrorNoticeProps) {
  const view = describeError(error);
  const show = useUiStore((state) => state.show);
  // The settings view contains the key form and the library folder, so these buttons would lead nowhere.
  const inSettings = useUiStore((state) => state.view === 'settings');
  const action = view.action;

  let button = null;
  if (action.kind === 'set-key' && !hideKeyAction && !inSettings) {
    button = (
      <button type="button" onClick={() => show('settings')}>
        {action.label}
      </button>
    );
  } else if (action.kind === 'open-settings' && !inSettings) {
    button = (
      <button type="button" onClick={() => show('settings')}>
        {action.label}
      </button>
    );
  } else if (action.kind === 'top-up') {
    button = (
      <a className="button" href={action.url} target="_blank" rel="noopener noreferrer">
        {action.label}
      </a>
    );
  } else if (action.kind === 'retry' && onRetry) {
    button = (
      <button type="button" onClick={onRetry}>
        {action.label}
      </button>
    );
  } else if (action.kind === 'separate-again' && onSeparateAgain) {
    button = (
      <button type="button" onClick={onSeparateAgain}>
        {action.label}
      </button>
    );
  }

  return (
    <div className="notice notice-error" role="alert" data-testid="error-notice" data-code={view.code}>
      <div className="notice-text">
        <strong>{heading ?? view.sentence}</strong>
        {view.message && <span className="notice-message">{view.message}</span>}
        {view.detail && (
          <details>
            <summary>Details</summary>
            <pre>{view.detail}</pre>
          </details>
        )}
      </div>
      <div className="notice-actions">
        {button}
        {onDismiss && (
          <button type="button" className="quiet" onClick={onDismiss} aria-label="Dismiss this message">
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
