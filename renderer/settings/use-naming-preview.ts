// The live preview of the naming template. It requests example names from main once typing
// pauses, and keeps only the result for the newest template.
import { useEffect, useState } from 'react';
import type { AppErrorDto, NamingPreviewDto } from '../../preload/contract.js';
import { bridge } from '../bridge.js';
import { templateProblem } from './settings-draft.js';

/** Pause in typing, in ms, before the template is sent to main for a preview. */
export const NAMING_PREVIEW_DEBOUNCE_MS = 250;

export type NamingPreviewOutcome =
  | { status: 'valid'; preview: NamingPreviewDto }
  /** The template is invalid; `message` names the problem and goes under the field. */
  | { status: 'invalid'; message: string }
  /** The preview call itself failed (not the template), so saving stays possible. */
  | { status: 'unavailable'; error: AppErrorDto };

export interface NamingPreviewState {
  /** Outcome of the last template checked, or null before the first result. */
  outcome: NamingPreviewOutcome | null;
  /** True while the typed template differs from the one `outcome` describes. */
  checking: boolean;
  /** True when the typed template is known to be invalid, which disables saving. */
  invalid: boolean;
}

export function useNamingPreview(template: string): NamingPreviewState {
  const [checked, setChecked] = useState<{ template: string; outcome: NamingPreviewOutcome } | null>(null);

  useEffect(() => {
    const problem = templateProblem(template);
    if (problem !== null) {
      setChecked({ template, outcome: { status: 'invalid', message: problem } });
      return;
    }

    // The cleanup cancels both the pending timer and a request already sent for an older template.
    let current = true;
    const timer = window.setTimeout(() => {
      void bridge.settings.previewNaming(template).then((result) => {
        if (!current) return;
        let outcome: NamingPreviewOutcome;
        if (result.ok) outcome = { status: 'valid', preview: result.value };
        else if (result.error.code === 'invalid_argument') outcome = { status: 'invalid', message: result.error.message };
        else outcome = { status: 'unavailable', error: result.error };
        setChecked({ template, outcome });
      });
    }, NAMING_PREVIEW_DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [template]);

  const upToDate = checked?.template === template;
  return {
    outcome: checked?.outcome ?? null,
    checking: !upToDate,
    invalid: upToDate && checked?.outcome.status === 'invalid',
  };
}
