// Stem sources: one stem's audio, handed to the engine one chunk at a time as AudioBuffers of
// exact length at the AudioContext's sample rate. MP3 stems keep only their compressed bytes in
// memory and decode a chunk's frames on request; other formats are decoded whole, within a budget.
import { indexMp3Frames, type Mp3FrameIndex } from './mp3-frames.js';
import { planFrameSlice, stemLengthSamples, type FrameLayout } from './timeline.js';

export interface StemSource {
  /** Length in samples at the AudioContext's sample rate. */
  readonly lengthSamples: number;
  /** Decodes song samples [index * chunkSamples, ...) into a new buffer, or returns null past the end. */
  decodeChunk(index: number, chunkSamples: number): Promise<AudioBuffer | null>;
}

/** Fetched bytes of one stem, indexed as MP3 when they are MP3. */
export interface FetchedStem {
  bytes: Uint8Array;
  mp3: Mp3FrameIndex | null;
}

/** Fetches a stem from its media URL and indexes its MP3 frames. Throws on an HTTP error. */
export async function fetchStem(mediaUrl: string, signal: AbortSignal): Promise<FetchedStem> {
  const response = await fetch(mediaUrl, { signal });
  if (!response.ok) throw new Error(`Loading ${mediaUrl} failed with HTTP ${response.status}.`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  try {
    return { bytes, mp3: indexMp3Frames(bytes) };
  } catch {
    return { bytes, mp3: null }; // Not MP3: the caller falls back to a whole-file decode.
  }
}

/** Copies `length` samples of every channel of `source`, from `skip` on, into a new buffer. */
function copyRange(context: BaseAudioContext, source: AudioBuffer, skip: number, length: number): AudioBuffer {
  const target = context.createBuffer(source.numberOfChannels, Math.max(1, length), context.sampleRate);
  for (let channel = 0; channel < source.numberOfChannels; channel++) {
    const available = source.getChannelData(channel).subarray(Math.max(0, skip), Math.max(0, skip) + length);
    target.copyToChannel(available, channel); // A shorter decode leaves the rest silent.
  }
  return target;
}

/** An MP3 stem decoded chunk by chunk from its frame index. */
export class Mp3StemSource implements StemSource {
  readonly lengthSamples: number;
  private readonly layout: FrameLayout;
  /** AudioContext samples per file sample, which is 1 unless the stem's sample rate differs from the context's. */
  private readonly rateRatio: number;

  constructor(
    private readonly context: BaseAudioContext,
    private readonly bytes: Uint8Array,
    private readonly index: Mp3FrameIndex,
  ) {
    this.layout = {
      frameCount: index.frameOffsets.length,
      samplesPerFrame: index.samplesPerFrame,
      encoderDelay: index.encoderDelay,
      encoderPadding: index.encoderPadding,
    };
    this.rateRatio = context.sampleRate / index.sampleRate;
    this.lengthSamples = Math.round(stemLengthSamples(this.layout) * this.rateRatio);
  }

  async decodeChunk(chunkIndex: number, chunkSamples: number): Promise<AudioBuffer | null> {
    const songStart = chunkIndex * chunkSamples;
    const songEnd = Math.min(this.lengthSamples, songStart + chunkSamples);
    if (songStart >= songEnd) return null;

    // NOTE: a stem whose sample rate differs from the context's is resampled by decodeAudioData,
    // so its chunk edges may be off by a sample. Stems of one song share a rate and stay aligned.
    const fileStart = Math.floor(songStart / this.rateRatio);
    const fileEnd = Math.ceil(songEnd / this.rateRatio);
    const slice = planFrameSlice(this.layout, fileStart, fileEnd);
    if (!slice) return null;

    const offsets = this.index.frameOffsets;
    const byteStart = offsets[slice.firstFrame] ?? this.index.dataEnd;
    const byteEnd = slice.endFrame < offsets.length ? (offsets[slice.endFrame] ?? this.index.dataEnd) : this.index.dataEnd;
    // decodeAudioData detaches the buffer it is given, so it gets a copy of the frames.
    const decoded = await this.context.decodeAudioData(this.bytes.slice(byteStart, byteEnd).buffer);
    const skip = Math.round(slice.skipSamples * this.rateRatio);
    return copyRange(this.context, decoded, skip, songEnd - songStart);
  }
}

/** A stem in a format other than MP3, decoded whole once and cut into chunks from memory. */
export class DecodedStemSource implements StemSource {
  readonly lengthSamples: number;

  constructor(
    private readonly context: BaseAudioContext,
    private readonly buffer: AudioBuffer,
  ) {
    this.lengthSamples = buffer.length;
  }

  /** Decoded size in bytes: 32-bit samples for every channel. */
  get bytes(): number {
    return this.buffer.length * this.buffer.numberOfChannels * 4;
  }

  async decodeChunk(chunkIndex: number, chunkSamples: number): Promise<AudioBuffer | null> {
    const songStart = chunkIndex * chunkSamples;
    const songEnd = Math.min(this.lengthSamples, songStart + chunkSamples);
    if (songStart >= songEnd) return null;
    return copyRange(this.context, this.buffer, songStart, songEnd - songStart);
  }
}
