// Audio facts the library records per stem: duration from file headers (music-metadata, every
// supported format) and, for MP3, level and exact duration by decoding (mpg123 compiled to
// WebAssembly, so no native tools are needed).
import { open } from 'node:fs/promises';
import { MPEGDecoder } from 'mpg123-decoder';
import { parseFile } from 'music-metadata';
import { getLogger } from '../log/logger.js';

const log = getLogger('library');

/**
 * A stem whose loudest 100 ms window stays below this level, in dBFS, is near-silent.
 * NOTE: an estimate: -45 dBFS RMS is quiet but audible, and separation residue in an empty stem
 * usually sits far lower. The value has not been tuned against real crun.ai stems.
 */
export const NEAR_SILENT_DBFS = -45;
const WINDOW_SECONDS = 0.1;
/** Bytes handed to the decoder at a time; the event loop runs between chunks. */
const CHUNK_BYTES = 256 * 1024;
const SILENCE_FLOOR_DBFS = -200;

export interface LevelAnalysis {
  /** Decoded length in seconds (samples / sample rate). */
  durationSeconds: number;
  sampleRate: number;
  /** Loudest 100 ms window, RMS over all channels, in dBFS. */
  maxWindowDbfs: number;
  /** Highest absolute sample value, in dBFS. */
  peakDbfs: number;
  nearSilent: boolean;
}

function toDbfs(amplitude: number): number {
  return amplitude > 0 ? Math.max(SILENCE_FLOOR_DBFS, 20 * Math.log10(amplitude)) : SILENCE_FLOOR_DBFS;
}

/**
 * Decodes an MP3 file in chunks and hands each decoded block to `onDecoded`, yielding to the event
 * loop between chunks so a long file does not block the main process.
 */
export async function decodeMp3File(
  file: string,
  onDecoded: (channelData: Float32Array[], samplesDecoded: number, sampleRate: number) => void,
): Promise<void> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const decoded = decoder.decode(buffer.subarray(0, bytesRead));
      onDecoded(decoded.channelData, decoded.samplesDecoded, decoded.sampleRate);
      await yieldToEventLoop();
    }
  } finally {
    await handle.close();
    decoder.free();
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Running RMS over fixed windows of decoded samples, fed one decoder output at a time. */
class WindowMeter {
  private windowSize = 0;
  private windowSum = 0;
  private windowCount = 0;
  maxWindowMeanSquare = 0;
  peak = 0;
  samples = 0;
  sampleRate = 0;

  add(channelData: Float32Array[], samplesDecoded: number, sampleRate: number): void {
    if (samplesDecoded === 0 || channelData.length === 0) return;
    if (this.windowSize === 0) {
      this.sampleRate = sampleRate;
      this.windowSize = Math.max(1, Math.round(sampleRate * WINDOW_SECONDS));
    }
    for (let i = 0; i < samplesDecoded; i++) {
      let square = 0;
      for (const channel of channelData) {
        const value = channel[i] ?? 0;
        square += value * value;
        const magnitude = Math.abs(value);
        if (magnitude > this.peak) this.peak = magnitude;
      }
      this.windowSum += square / channelData.length;
      this.windowCount++;
      if (this.windowCount === this.windowSize) this.closeWindow();
    }
    this.samples += samplesDecoded;
  }

  closeWindow(): void {
    if (this.windowCount === 0) return;
    this.maxWindowMeanSquare = Math.max(this.maxWindowMeanSquare, this.windowSum / this.windowCount);
    this.windowSum = 0;
    this.windowCount = 0;
  }
}

/**
 * Decodes an MP3 file completely and measures its level and exact length. Returns null when the
 * file contains no decodable MPEG audio. It yields to the event loop between chunks. Cost, an
 * estimate from one 60 s stereo 192 kbit/s file on a busy 2-core machine: about 0.25 s of CPU
 * per minute of audio.
 */
export async function analyzeMp3(file: string): Promise<LevelAnalysis | null> {
  const meter = new WindowMeter();
  await decodeMp3File(file, (channelData, samplesDecoded, sampleRate) => meter.add(channelData, samplesDecoded, sampleRate));
  meter.closeWindow();
  if (meter.samples === 0 || meter.sampleRate === 0) return null;
  const maxWindowDbfs = toDbfs(Math.sqrt(meter.maxWindowMeanSquare));
  return {
    durationSeconds: meter.samples / meter.sampleRate,
    sampleRate: meter.sampleRate,
    maxWindowDbfs,
    peakDbfs: toDbfs(meter.peak),
    nearSilent: maxWindowDbfs < NEAR_SILENT_DBFS,
  };
}

/**
 * Reads an audio file's duration in seconds from its headers (MP3, WAV, FLAC, M4A, Ogg, AIFF).
 * Returns null when the format is unknown or the file is damaged; a failure is logged, not thrown.
 * NOTE: for MP3, music-metadata 11 counts whole frames, encoder delay and padding included, so a
 * LAME file reads about 50 ms longer than `analyzeMp3` decodes it (4.049 s against 4.000 s for
 * the test fixtures).
 */
export async function probeDuration(file: string): Promise<number | null> {
  try {
    const metadata = await parseFile(file, { duration: false, skipCovers: true });
    const duration = metadata.format.duration;
    return duration !== undefined && Number.isFinite(duration) ? duration : null;
  } catch (error) {
    log.warn({ file, err: error }, 'could not read the audio duration');
    return null;
  }
}

export function isMp3(fileName: string): boolean {
  return fileName.toLowerCase().endsWith('.mp3');
}

export interface StemAudioFacts {
  durationSeconds: number | null;
  nearSilent: boolean;
  /** Loudest 100 ms window in dBFS; null when the file was not decoded. */
  maxWindowDbfs: number | null;
}

/**
 * Returns a stem's duration and near-silence flag. MP3 files are decoded; other formats get a
 * header duration only and are never flagged near-silent.
 */
export async function probeStem(file: string, fileName: string): Promise<StemAudioFacts> {
  if (isMp3(fileName)) {
    try {
      const level = await analyzeMp3(file);
      if (level) return { durationSeconds: level.durationSeconds, nearSilent: level.nearSilent, maxWindowDbfs: level.maxWindowDbfs };
    } catch (error) {
      log.warn({ file, err: error }, 'could not decode the MP3 stem; using its header duration');
    }
  }
  // TODO: level analysis covers MP3 only; WAV, FLAC, M4A, Ogg and AIFF stems are never flagged near-silent.
  return { durationSeconds: await probeDuration(file), nearSilent: false, maxWindowDbfs: null };
}
