// Timeline math of the multi-stem player: which MP3 frames hold a range of song samples, how
// playback is cut into scheduled segments (chunk boundaries, loop region, end of song) and
// which song sample plays at a given AudioContext time. Pure code, unit-tested in Node.
// All positions are integer sample frames at the AudioContext's sample rate.

/**
 * Delay in samples between an MP3 encoder's input and a decoder's output (529 for the standard
 * decoder). Measured in Chromium: a slice of raw frames decodes to audio shifted by exactly the
 * LAME tag's encoder delay plus 529 samples against a whole-file decode. The browser test
 * test/e2e/player-chunks.spec.ts checks this.
 */
export const MP3_DECODER_DELAY = 529;

/**
 * Frames decoded before a chunk and then dropped. A decoder starting mid-stream lacks the bit
 * reservoir (up to 511 bytes, about 5 frames at 32 kbit/s) and the previous frame's MDCT overlap,
 * so its first frames are wrong. 10 frames cover both at every MPEG-1 bitrate and at MPEG-2
 * bitrates from 16 kbit/s.
 */
export const WARM_UP_FRAMES = 10;

export interface FrameLayout {
  frameCount: number;
  samplesPerFrame: number;
  encoderDelay: number | null;
  encoderPadding: number | null;
}

/** Frames to decode for a sample range, and how many decoded samples precede the range. */
export interface FrameSlice {
  firstFrame: number;
  /** Exclusive. */
  endFrame: number;
  skipSamples: number;
}

/** Returns the samples before the first audio sample in a raw decode that starts at frame 0. */
export function leadingSamples(layout: FrameLayout): number {
  return (layout.encoderDelay ?? 0) + MP3_DECODER_DELAY;
}

/**
 * Returns the stem's length in samples. With a LAME tag the tag's padding already counts the
 * decoder delay; without one the trailing padding is unknown and kept as silence.
 */
export function stemLengthSamples(layout: FrameLayout): number {
  const total = layout.frameCount * layout.samplesPerFrame;
  if (layout.encoderDelay !== null && layout.encoderPadding !== null) {
    return Math.max(0, total - layout.encoderDelay - layout.encoderPadding);
  }
  return Math.max(0, total - leadingSamples(layout));
}

/** Plans the frames that hold song samples [start, end), with warm-up frames before them; null past the end. */
export function planFrameSlice(layout: FrameLayout, start: number, end: number): FrameSlice | null {
  const lead = leadingSamples(layout);
  const rawStart = start + lead;
  const rawEnd = end + lead;
  const startFrame = Math.floor(rawStart / layout.samplesPerFrame);
  if (startFrame >= layout.frameCount || end <= start) return null;

  const firstFrame = Math.max(0, startFrame - WARM_UP_FRAMES);
  const endFrame = Math.min(layout.frameCount, Math.ceil(rawEnd / layout.samplesPerFrame));
  return { firstFrame, endFrame, skipSamples: rawStart - firstFrame * layout.samplesPerFrame };
}

export interface LoopRegion {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface TimelineShape {
  sampleRate: number;
  lengthSamples: number;
  chunkSamples: number;
  loop: LoopRegion | null;
}

/** Scheduling position: the next song sample, and the samples already scheduled since the anchor. */
export interface Cursor {
  songSample: number;
  /** Counted in whole samples so that `when` does not accumulate floating-point error. */
  scheduledSamples: number;
}

export interface Segment {
  chunkIndex: number;
  songStart: number;
  /** Exclusive. */
  songEnd: number;
  /** AudioContext time in seconds at which `songStart` plays. */
  when: number;
}

/** Computes the AudioContext time at which the cursor's sample plays. */
export function cursorTime(anchorTime: number, cursor: Cursor, sampleRate: number): number {
  return anchorTime + cursor.scheduledSamples / sampleRate;
}

/**
 * Cuts the next segment to play from the cursor: it ends at the chunk boundary, the loop end or
 * the song end, whichever comes first. After the loop end the cursor jumps to the loop start.
 * A loop applies only while the cursor is before its end, as in a DAW. Returns null at the song end.
 */
export function nextSegment(anchorTime: number, cursor: Cursor, shape: TimelineShape): { segment: Segment; next: Cursor } | null {
  const start = cursor.songSample;
  if (start >= shape.lengthSamples) return null;

  const chunkIndex = Math.floor(start / shape.chunkSamples);
  const loopActive = shape.loop !== null && start < shape.loop.end;
  let end = Math.min((chunkIndex + 1) * shape.chunkSamples, shape.lengthSamples);
  if (loopActive && shape.loop) end = Math.min(end, shape.loop.end);

  const segment: Segment = { chunkIndex, songStart: start, songEnd: end, when: cursorTime(anchorTime, cursor, shape.sampleRate) };
  const wraps = loopActive && shape.loop !== null && end >= shape.loop.end;
  const next: Cursor = {
    songSample: wraps && shape.loop ? shape.loop.start : end,
    scheduledSamples: cursor.scheduledSamples + (end - start),
  };
  return { segment, next };
}

/**
 * Returns the song sample playing at AudioContext time `time`, given the segments scheduled so
 * far in time order. Before the first segment it is that segment's start; after the last one,
 * that segment's end.
 */
export function positionAt(segments: readonly Segment[], time: number, sampleRate: number): number | null {
  let current: Segment | undefined;
  for (const segment of segments) {
    if (segment.when <= time) current = segment;
    else break;
  }
  if (!current) return segments[0]?.songStart ?? null;

  const played = Math.floor((time - current.when) * sampleRate);
  return Math.min(current.songStart + Math.max(0, played), current.songEnd);
}

/**
 * Orders and clamps a loop region dragged between two sample positions. Returns null for a region
 * shorter than `minSamples` (a click, not a drag).
 */
export function normaliseLoop(from: number, to: number, lengthSamples: number, minSamples: number): LoopRegion | null {
  const start = Math.max(0, Math.min(from, to, lengthSamples));
  const end = Math.min(lengthSamples, Math.max(from, to, 0));
  if (end - start < minSamples) return null;
  return { start: Math.round(start), end: Math.round(end) };
}
