// The naming template field of the settings form, with its help text and the live preview of the
// names it produces, or the reason it is invalid.
import type { NamingPreviewState } from './use-naming-preview.js';

interface NamingTemplateFieldProps {
  value: string;
  onChange: (value: string) => void;
  preview: NamingPreviewState;
}

function PreviewText({ preview }: { preview: NamingPreviewState }) {
  const { outcome, checking } = preview;
  if (outcome === null) {
    return (
      <p className="muted naming-preview" role="status">
        Checking the template…
      </p>
    );
  }
  if (outcome.status === 'invalid') {
    return (
      <p className="field-error" id="naming-template-error" data-testid="naming-template-error" aria-live="polite">
        {outcome.message}
      </p>
    );
  }
  if (outcome.status === 'unavailable') {
    return (
      <p className="muted naming-preview" data-testid="naming-preview-unavailable">
        The preview is not available ({outcome.error.message}). The template is still checked when you save.
      </p>
    );
  }

  // The last valid preview stays visible, dimmed, while a newer template is checked, so it does not flicker.
  return (
    <div className={`naming-preview${checking ? ' stale' : ''}`} data-testid="naming-preview" aria-live="polite">
      <span className="muted">Example names for a new song:</span>
      <ul>
        {outcome.preview.fileNames.map((fileName, index) => (
          <li key={`${index}:${fileName}`}>
            <code>
              {outcome.preview.folderName}/{fileName}
            </code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function NamingTemplateField({ value, onChange, preview }: NamingTemplateFieldProps) {
  const invalid = preview.invalid;
  return (
    <>
      <label htmlFor="naming-template">Stem file names</label>
      <input
        id="naming-template"
        data-testid="naming-template-input"
        value={value}
        spellCheck={false}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'naming-template-error naming-template-help' : 'naming-template-help'}
        onChange={(event) => onChange(event.target.value)}
      />
      <PreviewText preview={preview} />
      <p className="muted" id="naming-template-help">
        Template for new stem files, e.g. <code>{'{title} - {stem}'}</code>. Placeholders: {'{title}'}, {'{date}'}, {'{sunoId}'},{' '}
        {'{shortId}'}, {'{model}'}, {'{stem}'}, {'{key}'}, {'{mode}'}. The file name needs {'{stem}'} or {'{key}'}. A part before one{' '}
        <code>/</code> names the song folder. Existing files keep their names.
      </p>
    </>
  );
}
