// Per-stem download progress of one task.
import type { StemProgressDto } from '../../preload/contract.js';
import { formatBytes, percent } from '../format/numbers.js';

const STEM_STATE_TEXT: Readonly<Record<StemProgressDto['state'], string>> = {
  queued: 'Queued',
  downloading: 'Downloading',
  ready: 'Downloaded',
  failed: 'Failed',
  expired: 'Deleted by crun.ai',
};

/**
 * Returns the progress bar value in percent. A queued stem shows an empty bar, and a download of
 * unknown size gets no value, which shows an indeterminate bar.
 */
function progressValue(stem: StemProgressDto): number | undefined {
  if (stem.state === 'ready') return 100;
  if (stem.state === 'queued') return 0;
  return percent(stem.bytes, stem.totalBytes) ?? undefined;
}

export function StemProgressList({ stems }: { stems: readonly StemProgressDto[] }) {
  if (stems.length === 0) return null;
  return (
    <ul className="stem-progress" aria-label="Stem downloads">
      {stems.map((stem) => {
        return (
          <li key={stem.key} data-testid="stem-progress" data-state={stem.state}>
            <span className="stem-progress-label">{stem.label}</span>
            <progress max={100} value={progressValue(stem)} aria-label={`${stem.label} download`} />
            <span className="muted">
              {STEM_STATE_TEXT[stem.state]}
              {stem.state === 'downloading' &&
                ` ${formatBytes(stem.bytes)}${stem.totalBytes !== null ? ` of ${formatBytes(stem.totalBytes)}` : ''}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
