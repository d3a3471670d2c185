// The committed fixtures: every stem MP3 is 4.0 s at 44.1 kHz, small, and the covers are PNGs.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FIXTURES_DIR } from './files.js';

const AUDIO_NAMES = ['origin', 'vocal', 'instrumental', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'];

/** MPEG-1 Layer III sample rates by the header's two-bit index. */
const SAMPLE_RATES = [44100, 48000, 32000];

interface Mp3Facts {
  sampleRate: number;
  /** Samples a gapless decoder returns: frames x 1152 minus the encoder delay and padding. */
  samples: number;
}

/**
 * Reads the first frame header and the Info/Xing tag with its LAME extension. The tag sits after
 * the 4-byte header and 17 bytes of mono side information.
 */
function readMp3Facts(file: Buffer): Mp3Facts {
  assert.equal(file[0], 0xff, 'frame sync');
  assert.equal((file[1] as number) & 0xfe, 0xfa, 'MPEG-1 Layer III');
  const sampleRate = SAMPLE_RATES[((file[2] as number) >> 2) & 0b11] ?? 0;

  const tagOffset = 4 + 17;
  const tag = file.subarray(tagOffset, tagOffset + 4).toString('latin1');
  assert.ok(tag === 'Info' || tag === 'Xing', `expected an Info tag, found ${JSON.stringify(tag)}`);
  const flags = file.readUInt32BE(tagOffset + 4);
  assert.equal(flags & 1, 1, 'the tag stores the frame count');

  let offset = tagOffset + 8;
  const frames = file.readUInt32BE(offset);
  offset += 4;
  if (flags & 2) offset += 4;
  if (flags & 4) offset += 100;
  if (flags & 8) offset += 4;
  assert.equal(file.subarray(offset, offset + 4).toString('latin1'), 'LAME');

  // Encoder delay and padding: two 12-bit numbers, 21 bytes into the LAME extension.
  const delayPadding = file.subarray(offset + 21, offset + 24);
  const delay = ((delayPadding[0] as number) << 4) | ((delayPadding[1] as number) >> 4);
  const padding = (((delayPadding[1] as number) & 0x0f) << 8) | (delayPadding[2] as number);
  return { sampleRate, samples: frames * 1152 - delay - padding };
}

describe('audio fixtures', () => {
  for (const name of AUDIO_NAMES) {
    it(`has ${name}.mp3 at 4.0 s`, () => {
      const facts = readMp3Facts(readFileSync(`${FIXTURES_DIR}audio/${name}.mp3`));
      assert.equal(facts.sampleRate, 44100);
      assert.equal(facts.samples, 176_400);
    });
  }

  it('stays under 1 MB in total', () => {
    let total = 0;
    for (const name of AUDIO_NAMES) total += statSync(`${FIXTURES_DIR}audio/${name}.mp3`).size;
    assert.ok(total < 1_000_000, `fixtures take ${total} bytes`);
  });

  it('differs from stem to stem', () => {
    const contents = new Set(AUDIO_NAMES.map((name) => readFileSync(`${FIXTURES_DIR}audio/${name}.mp3`).toString('base64')));
    assert.equal(contents.size, AUDIO_NAMES.length);
  });
});

describe('cover fixtures', () => {
  for (const name of ['cover.png', 'cover-2.png']) {
    it(`has ${name} as a 128x128 PNG`, () => {
      const file = readFileSync(`${FIXTURES_DIR}${name}`);
      assert.equal(file.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
      assert.equal(file.subarray(12, 16).toString('latin1'), 'IHDR');
      assert.equal(file.readUInt32BE(16), 128);
      assert.equal(file.readUInt32BE(20), 128);
    });
  }
});
