// The multi-stem player for one separation: transport, one lane per stem, a shared playhead and
// loop region over all lanes. Space plays or pauses while the panel is open.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { StemDto } from '../../preload/contract.js';
import { formatPosition } from '../format/time.js';
import { usePlayerStore } from '../stores/player-store.js';
import { StemLane } from './StemLane.js';
import { useTimelinePointer } from './timeline-pointer.js';
import { TransportBar } from './TransportBar.js';

interface PlayerPanelProps {
  songId: string;
  separationTaskId: string;
  stems: readonly StemDto[];
}

/** True for elements where Space types or chooses, so it must not toggle playback there. */
function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button'].includes(target.type);
}

export function PlayerPanel({ songId, separationTaskId, stems }: PlayerPanelProps) {
  const load = usePlayerStore((state) => state.load);
  const pause = usePlayerStore((state) => state.pause);
  const toggle = usePlayerStore((state) => state.toggle);
  const seek = usePlayerStore((state) => state.seek);
  const setLoop = usePlayerStore((state) => state.setLoop);
  const positionSeconds = usePlayerStore((state) => state.positionSeconds);
  const engineState = usePlayerStore((state) => state.engineState);
  const loadedStems = usePlayerStore((state) => state.stems);
  const [dragRegion, setDragRegion] = useState<{ startSeconds: number; endSeconds: number } | null>(null);
  const lanesRef = useRef<HTMLDivElement>(null);
  const timeRef = useRef<HTMLSpanElement>(null);
  const sliderRef = useRef<HTMLInputElement>(null);
  const duration = engineState.durationSeconds;
  const stemKey = stems.map((stem) => stem.id).join('|');

  useEffect(() => {
    void load(songId, separationTaskId, [...stems]);
    // `stemKey` replaces `stems` in the dependencies, so a reload with the same stems does not restart the player.
  }, [load, songId, separationTaskId, stemKey]);

  useEffect(() => () => pause(), [pause]);

  // The playhead moves every animation frame without re-rendering React components.
  useEffect(() => {
    let frame = 0;
    const draw = (): void => {
      const position = positionSeconds();
      lanesRef.current?.style.setProperty('--playhead', String(duration > 0 ? position / duration : 0));
      if (timeRef.current) timeRef.current.textContent = formatPosition(position);
      if (sliderRef.current && document.activeElement !== sliderRef.current) sliderRef.current.value = String(position);
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [duration, positionSeconds]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== ' ' || event.repeat || isTextEntry(event.target)) return;
      event.preventDefault(); // Also stops a focused button from being clicked by Space.
      toggle();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggle]);

  const pointer = useTimelinePointer({
    durationSeconds: duration,
    onSeek: seek,
    onLoop: (startSeconds, endSeconds) => setLoop({ startSeconds, endSeconds }),
    onDragPreview: setDragRegion,
  });

  // Every lane draws the loop region from these fractions of the song length.
  const region = dragRegion ?? engineState.loop;
  const regionVars =
    region && duration > 0
      ? ({ '--loop-start': String(region.startSeconds / duration), '--loop-end': String(region.endSeconds / duration) } as CSSProperties)
      : undefined;

  return (
    <section className="player" aria-label="Multi-stem player" data-testid="player" data-status={engineState.status}>
      <TransportBar timeRef={timeRef} sliderRef={sliderRef} />
      <p className="muted player-hint">Space plays or pauses. Click a waveform to jump there; drag across it to loop a region.</p>
      <div
        className={`lanes${regionVars ? ' has-loop' : ''}${dragRegion ? ' dragging-loop' : ''}`}
        ref={lanesRef}
        style={regionVars}
        data-testid="player-lanes"
      >
        {loadedStems.map((stem) => (
          <StemLane
            key={stem.id}
            stem={stem}
            status={engineState.lanes[stem.id]}
            peaksVersion={engineState.peaksVersion}
            pointer={pointer}
          />
        ))}
      </div>
    </section>
  );
}
