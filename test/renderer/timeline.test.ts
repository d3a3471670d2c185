import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cursorTime,
  leadingSamples,
  MP3_DECODER_DELAY,
  nextSegment,
  normaliseLoop,
  planFrameSlice,
  positionAt,
  stemLengthSamples,
  WARM_UP_FRAMES,
  type Cursor,
  type Segment,
  type TimelineShape,
} from '../../renderer/player/timeline.js';

const TAGGED = { frameCount: 1000, samplesPerFrame: 1152, encoderDelay: 576, encoderPadding: 1000 };
const UNTAGGED = { frameCount: 1000, samplesPerFrame: 1152, encoderDelay: null, encoderPadding: null };

/** Collects every segment from `start` until the song ends or `limit` segments are cut. */
function collect(shape: TimelineShape, start: number, limit: number): Segment[] {
  const segments: Segment[] = [];
  let cursor: Cursor = { songSample: start, scheduledSamples: 0 };
  for (let i = 0; i < limit; i++) {
    const step = nextSegment(10, cursor, shape);
    if (!step) break;
    segments.push(step.segment);
    cursor = step.next;
  }
  return segments;
}

describe('stem length and lead', () => {
  it('adds the decoder delay to the encoder delay', () => {
    assert.equal(leadingSamples(TAGGED), 576 + MP3_DECODER_DELAY);
    assert.equal(leadingSamples(UNTAGGED), MP3_DECODER_DELAY);
  });

  it('subtracts delay and padding from a tagged stem', () => {
    assert.equal(stemLengthSamples(TAGGED), 1000 * 1152 - 576 - 1000);
  });

  it('subtracts only the decoder delay without a tag', () => {
    assert.equal(stemLengthSamples(UNTAGGED), 1000 * 1152 - MP3_DECODER_DELAY);
  });
});

describe('planFrameSlice', () => {
  it('starts at frame 0 for the song start', () => {
    const slice = planFrameSlice(TAGGED, 0, 44_100);
    assert.deepEqual(slice, { firstFrame: 0, endFrame: Math.ceil((44_100 + 1105) / 1152), skipSamples: 1105 });
  });

  it('decodes warm-up frames before a mid-song chunk', () => {
    const start = 441_000;
    const slice = planFrameSlice(TAGGED, start, start + 44_100);
    assert.ok(slice);
    const rawStart = start + 1105;
    const startFrame = Math.floor(rawStart / 1152);
    assert.equal(slice.firstFrame, startFrame - WARM_UP_FRAMES);
    assert.equal(slice.skipSamples, rawStart - slice.firstFrame * 1152);
    assert.ok(slice.skipSamples >= WARM_UP_FRAMES * 1152, 'the warm-up frames are skipped');
    assert.ok(slice.endFrame * 1152 >= start + 44_100 + 1105, 'the slice covers the range end');
  });

  it('clamps the end frame to the file', () => {
    const slice = planFrameSlice(TAGGED, 1_140_000, 2_000_000);
    assert.equal(slice?.endFrame, 1000);
  });

  it('returns null past the end or for an empty range', () => {
    assert.equal(planFrameSlice(TAGGED, 1000 * 1152, 1000 * 1152 + 10), null);
    assert.equal(planFrameSlice(TAGGED, 500, 500), null);
  });
});

describe('nextSegment', () => {
  const shape: TimelineShape = { sampleRate: 44_100, lengthSamples: 1_000_000, chunkSamples: 352_800, loop: null };

  it('cuts segments at chunk boundaries and the song end', () => {
    const segments = collect(shape, 0, 10);
    assert.deepEqual(
      segments.map((segment) => [segment.chunkIndex, segment.songStart, segment.songEnd]),
      [
        [0, 0, 352_800],
        [1, 352_800, 705_600],
        [2, 705_600, 1_000_000],
      ],
    );
  });

  it('joins segments without gaps in time', () => {
    const segments = collect(shape, 100_000, 10);
    for (let i = 1; i < segments.length; i++) {
      const previous = segments[i - 1]!;
      const expected = previous.when + (previous.songEnd - previous.songStart) / shape.sampleRate;
      assert.ok(Math.abs(segments[i]!.when - expected) < 1e-9, `segment ${i} starts ${segments[i]!.when - expected} s off`);
    }
  });

  it('schedules from the anchor time in whole samples', () => {
    const [first, second] = collect(shape, 100_000, 2);
    assert.equal(first?.when, 10);
    assert.equal(second?.when, 10 + (352_800 - 100_000) / 44_100);
  });

  it('starts mid-chunk from the cursor', () => {
    const [first] = collect(shape, 400_000, 1);
    assert.deepEqual([first?.chunkIndex, first?.songStart, first?.songEnd], [1, 400_000, 705_600]);
  });

  it('returns null at the song end', () => {
    assert.equal(nextSegment(0, { songSample: 1_000_000, scheduledSamples: 0 }, shape), null);
  });

  it('wraps from the loop end to the loop start', () => {
    const looped = { ...shape, loop: { start: 300_000, end: 400_000 } };
    const segments = collect(looped, 250_000, 6);
    assert.deepEqual(
      segments.map((segment) => [segment.songStart, segment.songEnd]),
      [
        [250_000, 352_800],
        [352_800, 400_000],
        [300_000, 352_800],
        [352_800, 400_000],
        [300_000, 352_800],
        [352_800, 400_000],
      ],
    );
  });

  it('keeps time continuous across a loop wrap', () => {
    const looped = { ...shape, loop: { start: 300_000, end: 400_000 } };
    const segments = collect(looped, 300_000, 4);
    assert.equal(segments[2]?.when, 10 + 100_000 / 44_100);
  });

  it('ignores a loop the cursor has passed', () => {
    const looped = { ...shape, loop: { start: 0, end: 100_000 } };
    const segments = collect(looped, 200_000, 10);
    assert.equal(segments.at(-1)?.songEnd, 1_000_000);
  });

  it('reports the cursor time', () => {
    assert.equal(cursorTime(5, { songSample: 0, scheduledSamples: 44_100 }, 44_100), 6);
  });
});

describe('positionAt', () => {
  const segments: Segment[] = [
    { chunkIndex: 0, songStart: 300_000, songEnd: 400_000, when: 10 },
    { chunkIndex: 0, songStart: 300_000, songEnd: 400_000, when: 10 + 100_000 / 44_100 },
  ];

  it('returns the first start before playback begins', () => {
    assert.equal(positionAt(segments, 9.5, 44_100), 300_000);
  });

  it('maps time inside a segment', () => {
    assert.equal(positionAt(segments, 11, 44_100), 344_100);
  });

  it('follows the loop into the next pass', () => {
    assert.equal(positionAt(segments, 10 + 100_000 / 44_100 + 1, 44_100), 344_100);
  });

  it('stops at the last segment end', () => {
    assert.equal(positionAt(segments, 100, 44_100), 400_000);
  });

  it('returns null without segments', () => {
    assert.equal(positionAt([], 1, 44_100), null);
  });
});

describe('normaliseLoop', () => {
  it('orders a backwards drag', () => {
    assert.deepEqual(normaliseLoop(500, 100, 1000, 10), { start: 100, end: 500 });
  });

  it('clamps to the song', () => {
    assert.deepEqual(normaliseLoop(-50, 2000, 1000, 10), { start: 0, end: 1000 });
  });

  it('rejects a region shorter than the minimum', () => {
    assert.equal(normaliseLoop(100, 105, 1000, 10), null);
  });
});
