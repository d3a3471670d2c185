// The player's transport: play/pause, position, a keyboard-operable position slider, and loop controls.
import type { RefObject } from 'react';
import { formatPosition } from '../format/time.js';
import { usePlayerStore } from '../stores/player-store.js';

interface TransportBarProps {
  /** Updated every animation frame by the panel, outside React rendering. */
  timeRef: RefObject<HTMLSpanElement | null>;
  sliderRef: RefObject<HTMLInputElement | null>;
}

const STATUS_TEXT: Partial<Record<string, string>> = {
  loading: 'Loading stems…',
  buffering: 'Decoding…',
  error: 'The player could not load the stems.',
};

export function TransportBar({ timeRef, sliderRef }: TransportBarProps) {
  const engineState = usePlayerStore((state) => state.engineState);
  const toggle = usePlayerStore((state) => state.toggle);
  const seek = usePlayerStore((state) => state.seek);
  const setLoop = usePlayerStore((state) => state.setLoop);
  const positionSeconds = usePlayerStore((state) => state.positionSeconds);
  const { status, durationSeconds, loop } = engineState;
  const playing = status === 'playing' || status === 'buffering';
  const canPlay = status !== 'empty' && status !== 'loading' && status !== 'error' && durationSeconds > 0;

  const setLoopStart = (): void => {
    const position = positionSeconds();
    const end = loop && loop.endSeconds > position ? loop.endSeconds : durationSeconds;
    setLoop({ startSeconds: position, endSeconds: end });
  };
  const setLoopEnd = (): void => {
    const position = positionSeconds();
    const start = loop && loop.startSeconds < position ? loop.startSeconds : 0;
    setLoop({ startSeconds: start, endSeconds: position });
  };

  return (
    <div className="transport" role="group" aria-label="Transport">
      <button
        type="button"
        className="primary play-button"
        data-testid="player-play"
        aria-pressed={playing}
        disabled={!canPlay}
        onClick={toggle}
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <span className="time" aria-live="off">
        <span ref={timeRef} data-testid="player-position">
          0:00.0
        </span>{' '}
        / {formatPosition(durationSeconds)}
      </span>
      <input
        ref={sliderRef}
        className="position-slider"
        type="range"
        min={0}
        max={Math.max(durationSeconds, 0.1)}
        step={0.1}
        defaultValue={0}
        aria-label="Playback position in seconds"
        disabled={!canPlay}
        onChange={(event) => seek(Number(event.target.value))}
      />
      <div className="loop-controls" role="group" aria-label="Loop">
        <button type="button" disabled={!canPlay} onClick={setLoopStart}>
          Loop from here
        </button>
        <button type="button" disabled={!canPlay} onClick={setLoopEnd}>
          Loop to here
        </button>
        <button type="button" disabled={!loop} onClick={() => setLoop(null)} data-testid="clear-loop">
          Clear loop
        </button>
      </div>
      {STATUS_TEXT[status] && (
        <span className="muted" role="status">
          {STATUS_TEXT[status]}
        </span>
      )}
      {engineState.error && <span className="error-text">{engineState.error}</span>}
    </div>
  );
}
