// Pointer input on the player's waveforms: a click seeks, a horizontal drag selects a loop region.
import { useRef, type PointerEvent } from 'react';

/** Horizontal movement in CSS pixels that turns a click into a drag. */
const DRAG_THRESHOLD_PX = 4;

interface TimelinePointerOptions {
  durationSeconds: number;
  onSeek: (seconds: number) => void;
  onLoop: (startSeconds: number, endSeconds: number) => void;
  /** Shows the region being dragged, or hides it with null. */
  onDragPreview: (region: { startSeconds: number; endSeconds: number } | null) => void;
}

function secondsAt(event: PointerEvent<HTMLElement>, durationSeconds: number): number {
  const rect = event.currentTarget.getBoundingClientRect();
  const fraction = rect.width > 0 ? (event.clientX - rect.left) / rect.width : 0;
  return Math.min(1, Math.max(0, fraction)) * durationSeconds;
}

/** Returns pointer handlers for one waveform element. */
export function useTimelinePointer(options: TimelinePointerOptions) {
  const start = useRef<{ x: number; seconds: number } | null>(null);
  const dragging = useRef(false);

  return {
    onPointerDown: (event: PointerEvent<HTMLElement>) => {
      if (event.button !== 0) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      start.current = { x: event.clientX, seconds: secondsAt(event, options.durationSeconds) };
      dragging.current = false;
    },
    onPointerMove: (event: PointerEvent<HTMLElement>) => {
      const origin = start.current;
      if (!origin) return;
      if (!dragging.current && Math.abs(event.clientX - origin.x) < DRAG_THRESHOLD_PX) return;
      dragging.current = true;
      const seconds = secondsAt(event, options.durationSeconds);
      options.onDragPreview({ startSeconds: Math.min(origin.seconds, seconds), endSeconds: Math.max(origin.seconds, seconds) });
    },
    onPointerUp: (event: PointerEvent<HTMLElement>) => {
      const origin = start.current;
      start.current = null;
      if (!origin) return;
      options.onDragPreview(null);
      const seconds = secondsAt(event, options.durationSeconds);
      if (dragging.current) options.onLoop(Math.min(origin.seconds, seconds), Math.max(origin.seconds, seconds));
      else options.onSeek(seconds);
      dragging.current = false;
    },
    onPointerCancel: () => {
      start.current = null;
      dragging.current = false;
      options.onDragPreview(null);
    },
  };
}
