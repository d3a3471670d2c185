// Segment scheduling of the multi-stem player: while playing, it keeps about two seconds of
// segments scheduled ahead of the AudioContext clock, starting every stem's AudioBufferSourceNode
// of a segment at the same `when`, so all stems play sample-synchronised.
import type { ChunkCache } from './chunk-cache.js';
import { cursorTime, nextSegment, positionAt, type Cursor, type Segment, type TimelineShape } from './timeline.js';

/** How far ahead of the AudioContext clock segments are scheduled, so that throttled timers in a background window do not starve playback. */
const LOOKAHEAD_SECONDS = 2;
/** Delay between a play or seek and the first sample, so every stem starts at the same `when`. */
const START_LATENCY_SECONDS = 0.1;
/** A segment due sooner than this whose chunks are not decoded yet shifts the timeline (buffering). */
const MIN_LEAD_SECONDS = 0.03;
const TICK_MS = 100;

export interface SchedulerTarget {
  context: AudioContext;
  /** Read on every tick, so a new loop region applies to segments scheduled after the change. */
  shape: TimelineShape;
  cache: ChunkCache;
  /** One per stem, in the cache's stem order. */
  gains: readonly GainNode[];
}

export interface SchedulerEvents {
  onStatus: (status: 'playing' | 'buffering') => void;
  /** Called once when the last segment has played. */
  onEnded: () => void;
}

export class SegmentScheduler {
  private anchorTime = 0;
  private cursor: Cursor = { songSample: 0, scheduledSamples: 0 };
  private segments: Segment[] = [];
  private readonly active = new Set<AudioBufferSourceNode>();
  private timer: number | null = null;
  private status: 'playing' | 'buffering' = 'playing';

  constructor(
    private readonly target: SchedulerTarget,
    private readonly events: SchedulerEvents,
  ) {}

  get isRunning(): boolean {
    return this.timer !== null;
  }

  /** Starts (or restarts) playback from a song sample. */
  start(sample: number): void {
    this.stopSources();
    this.segments = [];
    this.cursor = { songSample: sample, scheduledSamples: 0 };
    this.status = 'playing';
    this.anchorTime = this.alignedTime(this.target.context.currentTime + START_LATENCY_SECONDS);
    if (this.timer === null) this.timer = window.setInterval(() => this.tick(), TICK_MS);
    this.tick();
  }

  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    this.stopSources();
    this.segments = [];
  }

  /** Returns the song sample playing now. */
  currentSample(): number {
    return positionAt(this.segments, this.target.context.currentTime, this.target.shape.sampleRate) ?? this.cursor.songSample;
  }

  /** Rounds a context time up to a whole sample frame, so every `when` lands on a sample. */
  private alignedTime(time: number): number {
    const rate = this.target.shape.sampleRate;
    return Math.ceil(time * rate) / rate;
  }

  /** Schedules segments up to the lookahead; runs every TICK_MS and whenever a needed chunk is decoded. */
  private tick(): void {
    if (this.timer === null) return;
    const { context, shape, cache } = this.target;
    const now = context.currentTime;
    let buffering = false;

    while (cursorTime(this.anchorTime, this.cursor, shape.sampleRate) < now + LOOKAHEAD_SECONDS) {
      const step = nextSegment(this.anchorTime, this.cursor, shape);
      if (!step) break;
      const buffers = cache.ready(step.segment.chunkIndex);
      if (!buffers) {
        void cache.whenReady(step.segment.chunkIndex).then(() => this.tick());
        if (step.segment.when < now + MIN_LEAD_SECONDS) {
          // The chunk cannot start on time: move the rest of the timeline later, leaving a gap.
          const start = this.alignedTime(now + START_LATENCY_SECONDS);
          this.anchorTime = start - this.cursor.scheduledSamples / shape.sampleRate;
          buffering = true;
        }
        break;
      }

      this.scheduleSegment(step.segment, buffers);
      this.cursor = step.next;
      const following = nextSegment(this.anchorTime, this.cursor, shape);
      if (following) cache.request(following.segment.chunkIndex);
    }

    if (this.endIfFinished(now)) return;
    const status = buffering ? 'buffering' : 'playing';
    if (status !== this.status) {
      this.status = status;
      this.events.onStatus(status);
    }
  }

  private scheduleSegment(segment: Segment, buffers: readonly (AudioBuffer | null)[]): void {
    const { context, shape, gains } = this.target;
    const offsetSamples = segment.songStart - segment.chunkIndex * shape.chunkSamples;
    const duration = (segment.songEnd - segment.songStart) / shape.sampleRate;

    buffers.forEach((buffer, index) => {
      const gain = gains[index];
      if (!buffer || !gain || offsetSamples >= buffer.length) return;
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(gain);
      node.onended = () => {
        this.active.delete(node);
        node.disconnect();
      };
      node.start(segment.when, offsetSamples / shape.sampleRate, duration);
      this.active.add(node);
    });

    this.segments.push(segment);
    // Keep the segment playing now and those after it; older ones no longer map time to position.
    const now = context.currentTime;
    while (this.segments.length > 1 && (this.segments[1]?.when ?? Infinity) <= now) this.segments.shift();
  }

  /** Stops once the song end has played; returns whether it did. */
  private endIfFinished(now: number): boolean {
    const shape = this.target.shape;
    if (nextSegment(this.anchorTime, this.cursor, shape) !== null) return false;
    const last = this.segments[this.segments.length - 1];
    const endTime = last ? last.when + (last.songEnd - last.songStart) / shape.sampleRate : 0;
    if (now < endTime) return false;
    this.stop();
    this.events.onEnded();
    return true;
  }

  private stopSources(): void {
    for (const node of this.active) {
      node.onended = null;
      node.stop();
      node.disconnect();
    }
    this.active.clear();
  }
}
