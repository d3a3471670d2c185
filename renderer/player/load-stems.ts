// Loading a song's stems for the player: fetch every stem, pick the AudioContext sample rate from
// the MP3 headers, and build one source per stem. A stem that fails to load becomes a silent lane
// with a reason, so one bad file does not stop the others.
import { DecodedStemSource, fetchStem, Mp3StemSource, type FetchedStem, type StemSource } from './stem-source.js';

/** Sample rate used when no stem is MP3: the CD rate. */
const DEFAULT_SAMPLE_RATE = 44_100;

/**
 * Maximum decoded size of stems that are not MP3 and so are decoded whole: 512 MiB, about five
 * 4-minute stereo stems at 48 kHz in 32-bit samples (92 MB each).
 */
const WHOLE_DECODE_BUDGET_BYTES = 512 * 1024 * 1024;

export interface PreparedStems {
  context: AudioContext;
  /** One per requested stem, in order; null where loading failed. */
  sources: (StemSource | null)[];
  /** One per requested stem: the reason loading failed, or null. */
  failures: (string | null)[];
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Fetches and prepares every stem. `obtainContext` returns the one AudioContext for a sample
 * rate, so that MP3 chunks decode without resampling.
 */
export async function prepareStems(
  mediaUrls: readonly string[],
  obtainContext: (sampleRate: number) => AudioContext,
  signal: AbortSignal,
): Promise<PreparedStems> {
  const fetched = await Promise.allSettled(mediaUrls.map((url) => fetchStem(url, signal)));
  signal.throwIfAborted();

  const firstMp3 = fetched.find(
    (outcome): outcome is PromiseFulfilledResult<FetchedStem> => outcome.status === 'fulfilled' && outcome.value.mp3 !== null,
  );
  const context = obtainContext(firstMp3?.value.mp3?.sampleRate ?? DEFAULT_SAMPLE_RATE);

  const sources: (StemSource | null)[] = [];
  const failures: (string | null)[] = [];
  let wholeDecodeBytes = 0;

  for (const outcome of fetched) {
    if (outcome.status === 'rejected') {
      sources.push(null);
      failures.push(describeError(outcome.reason));
      continue;
    }

    const { bytes, mp3 } = outcome.value;
    if (mp3) {
      sources.push(new Mp3StemSource(context, bytes, mp3));
      failures.push(null);
      continue;
    }

    try {
      const buffer = await context.decodeAudioData(bytes.buffer as ArrayBuffer);
      const source = new DecodedStemSource(context, buffer);
      if (wholeDecodeBytes + source.bytes > WHOLE_DECODE_BUDGET_BYTES) {
        sources.push(null);
        failures.push('Too large to play together with the other stems: this format is not MP3, so it must be decoded whole.');
        continue;
      }
      wholeDecodeBytes += source.bytes;
      sources.push(source);
      failures.push(null);
    } catch (error) {
      sources.push(null);
      failures.push(`The audio format could not be decoded (${describeError(error)}).`);
    }
  }

  return { context, sources, failures };
}
