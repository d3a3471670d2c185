// The multi-stem player engine: loads a song's stems, owns the one AudioContext and a GainNode
// per stem, and drives a SegmentScheduler that starts every stem of a segment at the same `when`,
// so all stems play sample-synchronised.
//
// Why decoded chunks and not <audio> elements: stems sum back to the mix, so a few milliseconds of
// drift between <audio> elements is audible as comb filtering, and media elements cannot be
// started at an exact time. Decoding every stem whole costs about 1 GB for 12 four-minute stems
// in 32-bit samples. So MP3 stems stay compressed in memory (1 to 2.4 MB per minute at 128 to
// 320 kbit/s). They are decoded in 4-second chunks of whole frames, at most 3 chunks per stem at
// a time, which is about 4 MB per stereo stem at 44.1 kHz. Chunks are trimmed to exact sample ranges, so
// consecutive segments join without gaps and all stems share one sample-exact timeline.
import { ChunkCache } from './chunk-cache.js';
import { prepareStems } from './load-stems.js';
import { loadLanePeaks, type WaveformFetcher } from './peak-loader.js';
import { SegmentScheduler } from './segment-scheduler.js';
import { normaliseLoop, type TimelineShape } from './timeline.js';

export type LaneStatus = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; message: string };

export interface EngineState {
  status: 'empty' | 'loading' | 'ready' | 'playing' | 'buffering' | 'error';
  durationSeconds: number;
  /** Per stem id. */
  lanes: Record<string, LaneStatus>;
  loop: { startSeconds: number; endSeconds: number } | null;
  error: string | null;
  /** Increases whenever a lane's waveform peaks grow. */
  peaksVersion: number;
  /** Increases on every seek or stop, so the view redraws a paused playhead. */
  positionVersion: number;
}

export interface EngineStem {
  id: string;
  mediaUrl: string;
}

/**
 * Chunk length in seconds. Shorter chunks keep less decoded audio in memory: 3 chunks of 12
 * stereo stems at 44.1 kHz are 51 MB at 4 s against 102 MB at 8 s. But they cost more decode
 * calls, and each call also decodes WARM_UP_FRAMES (0.26 s at 44.1 kHz) that are then dropped.
 */
const CHUNK_SECONDS = 4;
const MAX_CHUNKS_PER_STEM = 3;
/** Shortest loop region in seconds; a shorter drag is treated as a click. */
const MIN_LOOP_SECONDS = 0.25;

const EMPTY_STATE: EngineState = { status: 'empty', durationSeconds: 0, lanes: {}, loop: null, error: null, peaksVersion: 0, positionVersion: 0 };

export class PlayerEngine {
  /** `fetchWaveform` returns main's cached peaks of a stem; without it the engine decodes every stem for its waveform. */
  constructor(private readonly fetchWaveform: WaveformFetcher | null = null) {}

  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private gains: GainNode[] = [];
  private stemIds: string[] = [];
  private cache: ChunkCache | null = null;
  private shape: TimelineShape | null = null;
  private scheduler: SegmentScheduler | null = null;
  /** Song sample where playback resumes, which is the playhead while paused. */
  private pausedAt = 0;
  /** True from a play request until pause or the song end, including while the context resumes. */
  private playRequested = false;

  private loadGeneration = 0;
  private loadAbort: AbortController | null = null;
  private readonly peaks = new Map<string, Float32Array>();
  private readonly listeners = new Set<() => void>();
  private state: EngineState = EMPTY_STATE;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getState(): EngineState {
    return this.state;
  }

  /** AudioContext state ('running' while audio can play), or null before the first load. */
  contextState(): AudioContextState | null {
    return this.context?.state ?? null;
  }

  peaksOf(stemId: string): Float32Array | undefined {
    return this.peaks.get(stemId);
  }

  /** Loads the stems of one song, replacing any loaded song. Failed stems become silent lanes. */
  async load(stems: readonly EngineStem[]): Promise<void> {
    this.unload();
    const generation = ++this.loadGeneration;
    const abort = new AbortController();
    this.loadAbort = abort;
    const loading: Record<string, LaneStatus> = {};
    for (const stem of stems) loading[stem.id] = { state: 'loading' };
    this.update({ ...EMPTY_STATE, status: 'loading', lanes: loading });

    try {
      const prepared = await prepareStems(stems.map((stem) => stem.mediaUrl), (rate) => this.obtainContext(rate), abort.signal);
      if (generation !== this.loadGeneration) return;

      const context = prepared.context;
      const master = this.master;
      if (!master) return;
      this.stemIds = stems.map((stem) => stem.id);
      this.gains = stems.map(() => {
        const gain = context.createGain();
        gain.connect(master);
        return gain;
      });

      const lengthSamples = Math.max(0, ...prepared.sources.map((source) => source?.lengthSamples ?? 0));
      const chunkSamples = Math.round(CHUNK_SECONDS * context.sampleRate);
      const shape: TimelineShape = { sampleRate: context.sampleRate, lengthSamples, chunkSamples, loop: null };
      const cache = new ChunkCache(prepared.sources, chunkSamples, MAX_CHUNKS_PER_STEM, (stemIndex, error) =>
        console.warn(`Player: decoding a chunk of stem ${this.stemIds[stemIndex] ?? stemIndex} failed`, error),
      );
      cache.request(0);
      this.shape = shape;
      this.cache = cache;
      this.scheduler = new SegmentScheduler(
        { context, shape, cache, gains: this.gains },
        {
          onStatus: (status) => this.update({ ...this.state, status }),
          onEnded: () => {
            this.playRequested = false;
            this.pausedAt = 0;
            this.update({ ...this.state, status: 'ready', positionVersion: this.state.positionVersion + 1 });
          },
        },
      );

      const lanes: Record<string, LaneStatus> = {};
      stems.forEach((stem, index) => {
        const failure = prepared.failures[index];
        lanes[stem.id] = failure ? { state: 'failed', message: failure } : { state: 'ready' };
      });
      this.update({ ...this.state, status: 'ready', lanes, durationSeconds: lengthSamples / context.sampleRate });

      void loadLanePeaks({
        stemIds: this.stemIds,
        sources: prepared.sources,
        chunkSamples,
        lengthSamples,
        sampleRate: context.sampleRate,
        fetchWaveform: this.fetchWaveform,
        isCancelled: () => generation !== this.loadGeneration,
        onProgress: (stemIndex, peaks) => {
          const stemId = this.stemIds[stemIndex];
          if (stemId) this.peaks.set(stemId, peaks);
          this.update({ ...this.state, peaksVersion: this.state.peaksVersion + 1 });
        },
      });
    } catch (error) {
      if (generation !== this.loadGeneration) return;
      const message = error instanceof Error ? error.message : String(error);
      this.update({ ...this.state, status: 'error', error: `The stems could not be loaded: ${message}` });
    }
  }

  /** Stops playback and releases the loaded song. The AudioContext stays for the next song. */
  unload(): void {
    this.loadGeneration++;
    this.loadAbort?.abort();
    this.loadAbort = null;
    this.playRequested = false;
    this.scheduler?.stop();
    this.scheduler = null;
    for (const gain of this.gains) gain.disconnect();
    this.gains = [];
    this.stemIds = [];
    this.cache?.clear();
    this.cache = null;
    this.shape = null;
    this.pausedAt = 0;
    this.peaks.clear();
    this.update(EMPTY_STATE);
  }

  async play(): Promise<void> {
    const scheduler = this.scheduler;
    if (!this.context || !scheduler || !this.shape || this.playRequested || this.shape.lengthSamples === 0) return;
    this.playRequested = true;
    // Chromium keeps an AudioContext suspended until a user gesture. Play is called from one.
    await this.context.resume();
    if (!this.playRequested || this.scheduler !== scheduler) return; // Paused or unloaded while resuming.
    if (this.pausedAt >= this.shape.lengthSamples) this.pausedAt = 0;
    scheduler.start(this.pausedAt);
    this.update({ ...this.state, status: 'playing' });
  }

  pause(): void {
    if (!this.playRequested) return;
    this.playRequested = false;
    if (this.scheduler?.isRunning) this.pausedAt = this.scheduler.currentSample();
    this.scheduler?.stop();
    this.update({ ...this.state, status: 'ready', positionVersion: this.state.positionVersion + 1 });
  }

  toggle(): void {
    if (this.playRequested) this.pause();
    else void this.play();
  }

  positionSeconds(): number {
    return this.shape ? this.currentSample() / this.shape.sampleRate : 0;
  }

  seek(seconds: number): void {
    const shape = this.shape;
    if (!shape || shape.lengthSamples === 0) return;
    const sample = Math.min(shape.lengthSamples - 1, Math.max(0, Math.round(seconds * shape.sampleRate)));
    this.cache?.request(Math.floor(sample / shape.chunkSamples));
    if (this.scheduler?.isRunning) this.scheduler.start(sample);
    else this.pausedAt = sample;
    this.update({ ...this.state, positionVersion: this.state.positionVersion + 1 });
  }

  /** Sets the loop region in seconds, or clears it with null. A too short region clears it. */
  setLoop(region: { startSeconds: number; endSeconds: number } | null): void {
    const shape = this.shape;
    if (!shape) return;
    const rate = shape.sampleRate;
    shape.loop = region
      ? normaliseLoop(region.startSeconds * rate, region.endSeconds * rate, shape.lengthSamples, MIN_LOOP_SECONDS * rate)
      : null;
    // Segments already scheduled ignore the new region, so scheduling restarts from the playhead.
    if (this.scheduler?.isRunning) this.scheduler.start(this.scheduler.currentSample());
    const loop = shape.loop ? { startSeconds: shape.loop.start / rate, endSeconds: shape.loop.end / rate } : null;
    this.update({ ...this.state, loop });
  }

  /** Sets each lane's gain by stem id. The change ramps over about 10 ms to avoid clicks. */
  setGains(gainsById: Readonly<Record<string, number>>): void {
    const context = this.context;
    if (!context) return;
    this.stemIds.forEach((stemId, index) => {
      const target = gainsById[stemId] ?? 1;
      this.gains[index]?.gain.setTargetAtTime(target, context.currentTime, 0.01);
    });
  }

  private obtainContext(sampleRate: number): AudioContext {
    if (this.context && this.context.sampleRate === sampleRate) return this.context;
    // A song at a new sample rate gets a new context, so MP3 chunks never need resampling.
    void this.context?.close();
    this.context = new AudioContext({ sampleRate, latencyHint: 'playback' });
    this.master = this.context.createGain();
    this.master.connect(this.context.destination);
    return this.context;
  }

  private currentSample(): number {
    return this.scheduler?.isRunning ? this.scheduler.currentSample() : this.pausedAt;
  }

  private update(state: EngineState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
