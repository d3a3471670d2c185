// Decoded chunks of every stem of the loaded song, kept in a small least-recently-used cache so
// that memory stays bounded: at most `maxChunksPerStem` decoded chunks per stem.
import type { StemSource } from './stem-source.js';

interface CacheEntry {
  promise: Promise<void>;
  buffer: AudioBuffer | null;
  settled: boolean;
  lastUse: number;
}

export class ChunkCache {
  private readonly entries: Map<number, CacheEntry>[];
  private useCounter = 0;

  constructor(
    private readonly sources: readonly (StemSource | null)[],
    private readonly chunkSamples: number,
    private readonly maxChunksPerStem: number,
    private readonly onDecodeError: (stemIndex: number, error: unknown) => void,
  ) {
    this.entries = sources.map(() => new Map());
  }

  /** Starts decoding a chunk of every stem that is not cached yet. */
  request(chunkIndex: number): void {
    this.sources.forEach((source, stemIndex) => {
      const stemEntries = this.entries[stemIndex];
      if (!stemEntries) return;
      const existing = stemEntries.get(chunkIndex);
      if (existing) {
        existing.lastUse = ++this.useCounter;
        return;
      }

      const entry: CacheEntry = { promise: Promise.resolve(), buffer: null, settled: source === null, lastUse: ++this.useCounter };
      if (source) {
        entry.promise = source.decodeChunk(chunkIndex, this.chunkSamples).then(
          (buffer) => {
            entry.buffer = buffer;
            entry.settled = true;
          },
          (error: unknown) => {
            entry.settled = true; // The lane stays silent for this chunk, and playback goes on.
            this.onDecodeError(stemIndex, error);
          },
        );
      }
      stemEntries.set(chunkIndex, entry);
      this.evict(stemEntries);
    });
  }

  /** Returns the chunk's buffer for every stem (null for a silent lane), or null while any is still decoding. */
  ready(chunkIndex: number): (AudioBuffer | null)[] | null {
    const buffers: (AudioBuffer | null)[] = [];
    for (const stemEntries of this.entries) {
      const entry = stemEntries.get(chunkIndex);
      if (!entry || !entry.settled) return null;
      entry.lastUse = ++this.useCounter;
      buffers.push(entry.buffer);
    }
    return buffers;
  }

  /** Resolves when every stem's decode of the chunk has settled. */
  async whenReady(chunkIndex: number): Promise<void> {
    this.request(chunkIndex);
    await Promise.all(this.entries.map((stemEntries) => stemEntries.get(chunkIndex)?.promise));
  }

  clear(): void {
    for (const stemEntries of this.entries) stemEntries.clear();
  }

  private evict(stemEntries: Map<number, CacheEntry>): void {
    while (stemEntries.size > this.maxChunksPerStem) {
      let oldestKey: number | null = null;
      let oldestUse = Infinity;
      for (const [key, entry] of stemEntries) {
        if (entry.settled && entry.lastUse < oldestUse) {
          oldestUse = entry.lastUse;
          oldestKey = key;
        }
      }
      if (oldestKey === null) return; // Every entry is still decoding, so eviction waits for the next request.
      stemEntries.delete(oldestKey);
    }
  }
}
