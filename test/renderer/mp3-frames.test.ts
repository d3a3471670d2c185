// Indexes real MP3 files made by sox and LAME in a temporary folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexMp3Frames, parseFrameHeader, type Mp3FrameIndex } from '../../renderer/player/mp3-frames.js';
import { stemLengthSamples } from '../../renderer/player/timeline.js';

let folder = '';

/** Makes a WAV of two sines with sox, encodes it with LAME and returns the MP3 bytes. */
function encode(name: string, options: { rate: number; channels: number; seconds: number; lame: string[] }): Uint8Array {
  const wav = path.join(folder, `${name}.wav`);
  const mp3 = path.join(folder, `${name}.mp3`);
  execFileSync('sox', ['-n', '-r', String(options.rate), '-c', String(options.channels), wav, 'synth', String(options.seconds), 'sine', '440', 'sine', '660']);
  execFileSync('lame', ['--quiet', ...options.lame, wav, mp3]);
  return new Uint8Array(readFileSync(mp3));
}

function layoutOf(index: Mp3FrameIndex) {
  return {
    frameCount: index.frameOffsets.length,
    samplesPerFrame: index.samplesPerFrame,
    encoderDelay: index.encoderDelay,
    encoderPadding: index.encoderPadding,
  };
}

/** Asserts that every indexed frame starts where the previous one ends. */
function assertContiguous(bytes: Uint8Array, index: Mp3FrameIndex): void {
  for (let i = 0; i < index.frameOffsets.length; i++) {
    const offset = index.frameOffsets[i] ?? 0;
    const header = parseFrameHeader(bytes, offset);
    assert.ok(header, `frame ${i} at byte ${offset} has no valid header`);
    const next = i + 1 < index.frameOffsets.length ? index.frameOffsets[i + 1] : index.dataEnd;
    assert.equal(offset + header.frameBytes, next, `frame ${i} does not end where frame ${i + 1} starts`);
  }
}

before(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'stemcrate-mp3-'));
});

after(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('indexMp3Frames', () => {
  it('indexes CBR stereo at 44.1 kHz exactly', () => {
    const bytes = encode('cbr', { rate: 44_100, channels: 2, seconds: 1.5, lame: ['-b', '192'] });
    const index = indexMp3Frames(bytes);
    assert.equal(index.sampleRate, 44_100);
    assert.equal(index.channels, 2);
    assert.equal(index.samplesPerFrame, 1152);
    assert.equal(index.encoderDelay, 576);
    assert.ok(index.encoderPadding !== null);
    assert.equal(stemLengthSamples(layoutOf(index)), 66_150);
    assertContiguous(bytes, index);
  });

  it('indexes VBR and skips the Xing frame', () => {
    const bytes = encode('vbr', { rate: 48_000, channels: 2, seconds: 2, lame: ['-V', '2'] });
    const index = indexMp3Frames(bytes);
    assert.equal(index.sampleRate, 48_000);
    assert.equal(stemLengthSamples(layoutOf(index)), 96_000);
    const firstHeader = parseFrameHeader(bytes, 0);
    assert.ok(firstHeader, 'the file starts with the Xing frame');
    assert.equal(index.frameOffsets[0], firstHeader.frameBytes);
    assertContiguous(bytes, index);
  });

  it('indexes low-bitrate mono without a LAME tag', () => {
    // At 32 kbit/s a frame is 104 bytes, too small for the LAME tag, so the delay is unknown.
    const bytes = encode('mono', { rate: 44_100, channels: 1, seconds: 1, lame: ['-m', 'm', '-b', '32'] });
    const index = indexMp3Frames(bytes);
    assert.equal(index.channels, 1);
    assert.equal(index.encoderDelay, null);
    assert.equal(stemLengthSamples(layoutOf(index)), index.frameOffsets.length * index.samplesPerFrame - 529);
    assertContiguous(bytes, index);
  });

  it('indexes MPEG-2 at 22.05 kHz with 576-sample frames', () => {
    const bytes = encode('mpeg2', { rate: 22_050, channels: 2, seconds: 1, lame: ['-b', '64'] });
    const index = indexMp3Frames(bytes);
    assert.equal(index.sampleRate, 22_050);
    assert.equal(index.samplesPerFrame, 576);
    assert.equal(stemLengthSamples(layoutOf(index)), 22_050);
    assertContiguous(bytes, index);
  });

  it('reports no delay without a LAME tag', () => {
    const bytes = encode('untagged', { rate: 44_100, channels: 2, seconds: 1, lame: ['-t', '-b', '128'] });
    const index = indexMp3Frames(bytes);
    assert.equal(index.encoderDelay, null);
    assert.equal(index.encoderPadding, null);
    assert.equal(index.frameOffsets[0], 0);
  });

  it('skips ID3v2 and ID3v1 tags', () => {
    const plain = indexMp3Frames(encode('plain', { rate: 44_100, channels: 2, seconds: 1, lame: ['-b', '128'] }));
    const bytes = encode('tagged', { rate: 44_100, channels: 2, seconds: 1, lame: ['-b', '128', '--add-id3v2', '--tt', 'Midnight Addiction', '--ta', 'Stemcrate'] });
    assert.equal(String.fromCharCode(...bytes.slice(0, 3)), 'ID3');
    const index = indexMp3Frames(bytes);
    assert.equal(index.frameOffsets.length, plain.frameOffsets.length);
    assert.equal(index.encoderDelay, plain.encoderDelay);
    assertContiguous(bytes, index);
  });

  it('resynchronises after junk between frames', () => {
    const bytes = encode('junk', { rate: 44_100, channels: 2, seconds: 1, lame: ['-b', '128'] });
    const clean = indexMp3Frames(bytes);
    const cut = clean.frameOffsets[20] ?? 0;
    // Junk with a fake sync word (0xFF 0xFB) that does not chain into real frames.
    const junk = new Uint8Array([0x00, 0xff, 0xfb, 0x90, 0x00, 0x13, 0x37, 0xff, 0x00]);
    const damaged = new Uint8Array(bytes.length + junk.length);
    damaged.set(bytes.subarray(0, cut), 0);
    damaged.set(junk, cut);
    damaged.set(bytes.subarray(cut), cut + junk.length);

    const index = indexMp3Frames(damaged);
    assert.equal(index.frameOffsets.length, clean.frameOffsets.length);
    assert.equal(index.frameOffsets[20], cut + junk.length);
  });

  it('drops a truncated last frame', () => {
    const bytes = encode('truncated', { rate: 44_100, channels: 2, seconds: 1, lame: ['-b', '128'] });
    const clean = indexMp3Frames(bytes);
    const index = indexMp3Frames(bytes.subarray(0, bytes.length - 50));
    assert.equal(index.frameOffsets.length, clean.frameOffsets.length - 1);
    assert.ok(index.dataEnd <= bytes.length - 50);
  });

  it('rejects data that is not MP3', () => {
    const wav = new Uint8Array(readFileSync(path.join(folder, 'cbr.wav')));
    assert.throws(() => indexMp3Frames(wav), /No MP3 audio frames/);
    assert.throws(() => indexMp3Frames(new Uint8Array(0)), /No MP3 audio frames/);
  });
});

describe('parseFrameHeader', () => {
  it('rejects reserved and free-format values', () => {
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfb, 0x00, 0x00]), 0), null); // free bitrate
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfb, 0xf0, 0x00]), 0), null); // bad bitrate
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfb, 0x9c, 0x00]), 0), null); // reserved rate
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfd, 0x90, 0x00]), 0), null); // Layer II
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfb, 0x90]), 0), null); // too short
  });

  it('computes Layer III frame lengths', () => {
    // MPEG-1, 128 kbit/s, 44.1 kHz, no padding: 144 * 128000 / 44100 = 417 bytes.
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfb, 0x90, 0x00]), 0)?.frameBytes, 417);
    // The same with the padding bit set.
    assert.equal(parseFrameHeader(new Uint8Array([0xff, 0xfb, 0x92, 0x00]), 0)?.frameBytes, 418);
  });
});
