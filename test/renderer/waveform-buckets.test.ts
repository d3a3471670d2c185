import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketsFromWaveform } from '../../renderer/player/peaks.js';

const waveform = (peaks: number[], peaksPerSecond = 100) => ({ peaksPerSecond, durationSeconds: peaks.length / peaksPerSecond, peaks });

describe('bucketsFromWaveform', () => {
  it("keeps each bucket's maximum slot", () => {
    // 8 slots of 10 ms over 4 buckets of 20 ms.
    const buckets = bucketsFromWaveform(waveform([0, 51, 255, 0, 102, 0, 0, 0]), 0.08, 4);
    assert.deepEqual(buckets, Float32Array.from([0.2, 1, 0.4, 0]));
  });

  it('fills buckets narrower than slots', () => {
    // 2 slots of 10 ms over 4 buckets of 5 ms: no bucket stays empty between slots.
    const buckets = bucketsFromWaveform(waveform([255, 51]), 0.02, 4);
    assert.deepEqual(buckets, Float32Array.from([1, 1, 0.2, 0.2]));
  });

  it('ignores neighbour slots at edges', () => {
    // 110 slots of 10 ms over 11 buckets of 100 ms. Bucket 2 ends at 0.3 s, which computes as
    // slot 30.000000000000004; only slot 30 is loud, and it belongs to bucket 3 alone.
    const peaks = Array.from({ length: 110 }, (_, slot) => (slot === 30 ? 255 : 0));
    const buckets = bucketsFromWaveform(waveform(peaks), 1.1, 11);
    assert.deepEqual(buckets, Float32Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]));
  });

  it('leaves buckets past the waveform silent', () => {
    // A lane timeline longer than this stem: the stem's 20 ms fill the first half.
    const buckets = bucketsFromWaveform(waveform([255, 255]), 0.04, 4);
    assert.deepEqual([...buckets], [1, 1, 0, 0]);
  });

  it('returns silence for invalid waveforms', () => {
    assert.deepEqual([...bucketsFromWaveform(waveform([]), 1, 3)], [0, 0, 0]);
    assert.deepEqual([...bucketsFromWaveform(waveform([255], 0), 1, 3)], [0, 0, 0]);
    assert.deepEqual([...bucketsFromWaveform(waveform([255]), 0, 3)], [0, 0, 0]);
  });
});
