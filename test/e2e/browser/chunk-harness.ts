// Browser-side harness for the chunk decoding check: compares the player's chunked MP3 decode
// with Chromium's whole-file decode of the same bytes. Bundled by the spec with esbuild.
import { indexMp3Frames } from '../../../renderer/player/mp3-frames.js';
import { Mp3StemSource } from '../../../renderer/player/stem-source.js';

export interface ChunkComparison {
  sampleRate: number;
  /** Length the player computes from the frame index. */
  sourceLength: number;
  /** Length of Chromium's whole-file decode, which trims the LAME tag's delay and padding. */
  wholeLength: number;
  chunkCount: number;
  /** Largest absolute difference between any chunked sample and the whole-file sample. */
  maxDifference: number;
}

declare global {
  interface Window {
    compareChunks(base64: string, chunkSamples: number): Promise<ChunkComparison>;
  }
}

function fromBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

window.compareChunks = async (base64, chunkSamples) => {
  const bytes = fromBase64(base64);
  const index = indexMp3Frames(bytes);
  const context = new OfflineAudioContext(index.channels, 1, index.sampleRate);
  const whole = await context.decodeAudioData(bytes.slice().buffer);
  const source = new Mp3StemSource(context, bytes, index);

  let maxDifference = 0;
  let chunkCount = 0;
  for (let chunk = 0; chunk * chunkSamples < source.lengthSamples; chunk++) {
    const buffer = await source.decodeChunk(chunk, chunkSamples);
    if (!buffer) break;
    chunkCount++;
    for (let channel = 0; channel < buffer.numberOfChannels; channel++) {
      const chunked = buffer.getChannelData(channel);
      const reference = whole.getChannelData(channel);
      for (let i = 0; i < chunked.length; i++) {
        const wholeIndex = chunk * chunkSamples + i;
        if (wholeIndex >= reference.length) break;
        maxDifference = Math.max(maxDifference, Math.abs((chunked[i] ?? 0) - (reference[wholeIndex] ?? 0)));
      }
    }
  }

  return { sampleRate: index.sampleRate, sourceLength: source.lengthSamples, wholeLength: whole.length, chunkCount, maxDifference };
};
