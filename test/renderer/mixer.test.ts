import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGainDb, laneGains } from '../../renderer/player/mix.js';
import { accumulatePeaks } from '../../renderer/player/peaks.js';

const lane = (overrides: Partial<{ muted: boolean; solo: boolean; volume: number }> = {}) => ({ muted: false, solo: false, volume: 1, ...overrides });

describe('laneGains', () => {
  it('uses each volume without mute or solo', () => {
    assert.deepEqual(laneGains([lane({ volume: 0.5 }), lane()]), [0.5, 1]);
  });

  it('silences muted lanes', () => {
    assert.deepEqual(laneGains([lane({ muted: true }), lane()]), [0, 1]);
  });

  it('plays only soloed lanes while any is soloed', () => {
    assert.deepEqual(laneGains([lane({ solo: true, volume: 0.8 }), lane(), lane({ solo: true })]), [0.8, 0, 1]);
  });

  it('keeps a muted lane silent even when soloed', () => {
    assert.deepEqual(laneGains([lane({ solo: true, muted: true }), lane()]), [0, 0]);
  });

  it('clamps volumes to 0..1', () => {
    assert.deepEqual(laneGains([lane({ volume: 1.5 }), lane({ volume: -1 })]), [1, 0]);
  });
});

describe('formatGainDb', () => {
  it('formats gains in decibels', () => {
    assert.equal(formatGainDb(1), '0.0 dB');
    assert.equal(formatGainDb(0.5), '-6.0 dB');
    assert.equal(formatGainDb(0), '-∞ dB');
  });
});

describe('accumulatePeaks', () => {
  it('keeps the loudest sample of any channel per bucket', () => {
    const peaks = new Float32Array(4);
    const left = Float32Array.from([0.1, -0.9, 0, 0, 0.2, 0, 0, 0]);
    const right = Float32Array.from([0, 0, 0, 0, 0, -0.5, 0, 0.3]);
    accumulatePeaks(peaks, [left, right], 0, 8);
    assert.deepEqual(Array.from(peaks).map((value) => Math.round(value * 10) / 10), [0.9, 0, 0.5, 0.3]);
  });

  it('places later chunks by their song offset', () => {
    const peaks = new Float32Array(4);
    accumulatePeaks(peaks, [Float32Array.from([0.25, 0.25])], 6, 8);
    assert.deepEqual(Array.from(peaks), [0, 0, 0, 0.25]);
  });

  it('never lowers an existing peak', () => {
    const peaks = Float32Array.from([0.5, 0, 0, 0]);
    accumulatePeaks(peaks, [Float32Array.from([0.1, 0.1])], 0, 8);
    assert.equal(peaks[0], 0.5);
  });

  it('ignores samples past the timeline', () => {
    const peaks = new Float32Array(2);
    accumulatePeaks(peaks, [Float32Array.from([0.1, 0.2, 0.9])], 2, 4);
    assert.deepEqual(Array.from(peaks).map((value) => Math.round(value * 10) / 10), [0, 0.2]);
  });
});
