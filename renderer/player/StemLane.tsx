// One lane of the multi-stem player: mute, solo and volume, and the stem's waveform. Near-silent
// stems start collapsed to a one-line note.
import type { PointerEvent } from 'react';
import type { StemDto } from '../../preload/contract.js';
import { usePlayerStore } from '../stores/player-store.js';
import { formatGainDb } from './mix.js';
import type { LaneStatus } from './player-engine.js';
import { WaveformCanvas } from './WaveformCanvas.js';

/** Waveform height in CSS pixels. */
const LANE_HEIGHT = 56;

interface StemLaneProps {
  stem: StemDto;
  status: LaneStatus | undefined;
  peaksVersion: number;
  /** Pointer handlers of the waveform area (seek and loop). */
  pointer: Record<string, (event: PointerEvent<HTMLElement>) => void>;
}

export function StemLane({ stem, status, peaksVersion, pointer }: StemLaneProps) {
  const mix = usePlayerStore((state) => state.mix[stem.id]);
  const expanded = usePlayerStore((state) => state.expanded[stem.id] ?? false);
  const setMuted = usePlayerStore((state) => state.setMuted);
  const setSolo = usePlayerStore((state) => state.setSolo);
  const setVolume = usePlayerStore((state) => state.setVolume);
  const toggleExpanded = usePlayerStore((state) => state.toggleExpanded);
  const peaksOf = usePlayerStore((state) => state.peaksOf);
  const collapsed = stem.nearSilent && !expanded;
  const volume = mix?.volume ?? 1;

  return (
    <div className={`lane${collapsed ? ' collapsed' : ''}${mix?.muted ? ' muted' : ''}`} data-testid="player-lane" data-stem-id={stem.id}>
      <div className="lane-controls">
        <span className="lane-name">
          {stem.nearSilent && (
            <button
              type="button"
              className="quiet lane-expand"
              aria-expanded={expanded}
              aria-label={expanded ? `Collapse ${stem.label}` : `Show the waveform and volume of ${stem.label}`}
              title={expanded ? 'Collapse' : 'Show waveform and volume'}
              onClick={() => toggleExpanded(stem.id)}
            >
              {expanded ? '▾' : '▸'}
            </button>
          )}
          <span className="lane-label" title={stem.label}>
            {stem.label}
          </span>
        </span>
        <button
          type="button"
          className="toggle"
          aria-pressed={mix?.muted ?? false}
          aria-label={`Mute ${stem.label}`}
          title="Mute"
          onClick={() => setMuted(stem.id, !(mix?.muted ?? false))}
        >
          M
        </button>
        <button
          type="button"
          className="toggle solo"
          aria-pressed={mix?.solo ?? false}
          aria-label={`Solo ${stem.label}`}
          title="Solo"
          onClick={() => setSolo(stem.id, !(mix?.solo ?? false))}
        >
          S
        </button>
        {collapsed ? (
          <span aria-hidden="true" />
        ) : (
          <input
            type="range"
            min={0}
            max={1}
            step={0.01}
            value={volume}
            aria-label={`Volume of ${stem.label}`}
            aria-valuetext={formatGainDb(volume)}
            title={formatGainDb(volume)}
            onChange={(event) => setVolume(stem.id, Number(event.target.value))}
          />
        )}
      </div>
      <div className="lane-wave" {...pointer}>
        {status?.state === 'failed' ? (
          <span className="lane-note error">{status.message}</span>
        ) : collapsed ? (
          <span className="lane-note">Near silent: crun.ai found almost nothing in this stem.</span>
        ) : (
          <WaveformCanvas peaks={peaksOf(stem.id)} version={peaksVersion} height={LANE_HEIGHT} color="#7cc4ff" />
        )}
        {status?.state === 'loading' && <span className="lane-note">Loading…</span>}
        <div className="loop-region" aria-hidden="true" />
        <div className="playhead" aria-hidden="true" />
      </div>
    </div>
  );
}
