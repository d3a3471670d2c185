// The warning shown when chosen songs were already separated in this mode: what another
// separation costs, and a button that submits again with the duplicate confirmed.
import { ERROR_TEXT } from '../errors/messages.js';
import { formatCreditsWithUnit } from '../format/numbers.js';
import { STATE_LABEL } from '../queue/task-rules.js';
import type { PendingDuplicate } from '../stores/separate-store.js';

interface DuplicateWarningProps {
  duplicates: readonly PendingDuplicate[];
  busy: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
}

export function DuplicateWarning({ duplicates, busy, onConfirm, onDismiss }: DuplicateWarningProps) {
  const text = ERROR_TEXT.duplicate;
  const label = text.action.kind === 'separate-again' ? text.action.label : 'Separate again';
  const knownCosts = duplicates.map((duplicate) => duplicate.warning?.estimatedCredits).filter((cost): cost is number => typeof cost === 'number');
  const total = knownCosts.length === duplicates.length ? knownCosts.reduce((sum, cost) => sum + cost, 0) : null;
  const balance = duplicates.find((duplicate) => duplicate.warning?.balance != null)?.warning?.balance ?? null;

  return (
    <div className="notice notice-warning" role="alert" data-testid="duplicate-warning">
      <div className="notice-text">
        <strong>{text.sentence}</strong>
        <ul>
          {duplicates.map((duplicate) => (
            <li key={`${duplicate.request.generationTaskId}/${duplicate.request.sunoId}`}>
              {duplicate.title} ({duplicate.request.mode}):{' '}
              {duplicate.warning?.existingState.map((state) => STATE_LABEL[state]).join(', ') || 'separated before'}
              {duplicate.warning?.estimatedCredits != null && ` · about ${formatCreditsWithUnit(duplicate.warning.estimatedCredits)}`}
            </li>
          ))}
        </ul>
        <span className="notice-message">
          {total !== null ? `Separating again costs about ${formatCreditsWithUnit(total)}.` : 'The cost is not known until crun.ai charges it.'}
          {balance !== null && ` Your balance: ${formatCreditsWithUnit(balance)}.`}
        </span>
      </div>
      <div className="notice-actions">
        <button type="button" className="danger" data-testid="confirm-duplicate-button" disabled={busy} onClick={onConfirm}>
          {label}
        </button>
        <button type="button" onClick={onDismiss}>
          Cancel
        </button>
      </div>
    </div>
  );
}
