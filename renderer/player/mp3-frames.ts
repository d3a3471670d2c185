// MP3 frame index: byte offsets of every MPEG audio Layer III frame in a file, plus the encoder
// delay from the LAME tag. The player decodes stems in chunks of whole frames, so it needs to
// know where each frame starts without decoding anything. Pure code: no DOM, no Web Audio.

export interface Mp3FrameIndex {
  sampleRate: number;
  channels: 1 | 2;
  /** 1152 for MPEG-1, 576 for MPEG-2 and MPEG-2.5. */
  samplesPerFrame: number;
  /** Byte offset of each audio frame; the Xing/Info/VBRI header frame is left out. */
  frameOffsets: Uint32Array;
  /** Byte offset just past the last audio frame. */
  dataEnd: number;
  /** Samples the encoder added before the audio (LAME tag), or null without a tag. */
  encoderDelay: number | null;
  /** Samples the encoder added after the audio (LAME tag), or null without a tag. */
  encoderPadding: number | null;
}

interface FrameHeader {
  sampleRate: number;
  channels: 1 | 2;
  samplesPerFrame: number;
  frameBytes: number;
  /** Offset of the Xing/Info tag from the frame start: 4 header bytes plus the side information. */
  sideInfoEnd: number;
}

const BITRATES_MPEG1_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_MPEG2_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES_MPEG1 = [44100, 48000, 32000];

/** Frames a valid stream must chain in a row before the scanner trusts a sync word. */
const FRAMES_TO_CONFIRM_SYNC = 3;

/** Parses the 4-byte header at `offset`; returns null unless it is a valid Layer III header. */
export function parseFrameHeader(bytes: Uint8Array, offset: number): FrameHeader | null {
  if (offset + 4 > bytes.length) return null;
  const b1 = bytes[offset + 1] ?? 0;
  const b2 = bytes[offset + 2] ?? 0;
  const b3 = bytes[offset + 3] ?? 0;
  if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;

  const versionBits = (b1 >> 3) & 0b11; // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
  const layerBits = (b1 >> 1) & 0b11; // 1: Layer III
  const bitrateIndex = b2 >> 4;
  const sampleRateIndex = (b2 >> 2) & 0b11;
  if (versionBits === 1 || layerBits !== 1) return null;
  if (bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) return null;

  const isMpeg1 = versionBits === 3;
  const baseRate = SAMPLE_RATES_MPEG1[sampleRateIndex] ?? 0;
  let sampleRate = baseRate; // MPEG-1
  if (versionBits === 2) sampleRate = baseRate / 2; // MPEG-2
  if (versionBits === 0) sampleRate = baseRate / 4; // MPEG-2.5
  const kbps = (isMpeg1 ? BITRATES_MPEG1_KBPS : BITRATES_MPEG2_KBPS)[bitrateIndex] ?? 0;
  const padding = (b2 >> 1) & 1;
  const channels: 1 | 2 = b3 >> 6 === 3 ? 1 : 2;

  // Layer III frame length in bytes: 144 * bitrate / sample rate for MPEG-1, half that otherwise.
  const frameBytes = Math.floor(((isMpeg1 ? 144_000 : 72_000) * kbps) / sampleRate) + padding;
  // Side information follows the header: 32 bytes for MPEG-1 stereo, 17 for MPEG-1 mono and
  // MPEG-2 stereo, 9 for MPEG-2 mono.
  let sideInfoBytes = channels === 1 ? 9 : 17;
  if (isMpeg1) sideInfoBytes = channels === 1 ? 17 : 32;
  return { sampleRate, channels, samplesPerFrame: isMpeg1 ? 1152 : 576, frameBytes, sideInfoEnd: 4 + sideInfoBytes };
}

/** Returns the offset of the first byte after an ID3v2 tag at the start, or 0 without one. */
function skipId3v2(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  // The tag size is a 28-bit "syncsafe" integer: 7 bits in each of 4 bytes.
  const size = ((bytes[6] ?? 0) << 21) | ((bytes[7] ?? 0) << 14) | ((bytes[8] ?? 0) << 7) | (bytes[9] ?? 0);
  const hasFooter = ((bytes[5] ?? 0) & 0x10) !== 0;
  return 10 + size + (hasFooter ? 10 : 0);
}

function readAscii(bytes: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) text += String.fromCharCode(bytes[i] ?? 0);
  return text;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}

interface InfoFrame {
  encoderDelay: number | null;
  encoderPadding: number | null;
}

/**
 * Reads a Xing/Info or VBRI header frame at `offset`; returns null for an ordinary audio frame.
 * Encoders write this metadata frame first; it decodes to silence, so it is no part of the audio.
 */
function readInfoFrame(bytes: Uint8Array, offset: number, header: FrameHeader): InfoFrame | null {
  const tagOffset = offset + header.sideInfoEnd;
  const tag = readAscii(bytes, tagOffset, 4);
  if (readAscii(bytes, offset + 36, 4) === 'VBRI') return { encoderDelay: null, encoderPadding: null };
  if (tag !== 'Xing' && tag !== 'Info') return null;

  // Xing flags mark which optional fields follow: frames (4 bytes), bytes (4), TOC (100), quality (4).
  const flags = readUint32(bytes, tagOffset + 4);
  let lameOffset = tagOffset + 8;
  if (flags & 0x1) lameOffset += 4;
  if (flags & 0x2) lameOffset += 4;
  if (flags & 0x4) lameOffset += 100;
  if (flags & 0x8) lameOffset += 4;

  // The LAME extension starts with a 9-byte encoder name; bytes 21-23 hold two 12-bit numbers:
  // the encoder delay and the end padding, both in samples.
  const encoder = readAscii(bytes, lameOffset, 4);
  if (encoder !== 'LAME' && encoder !== 'Lavf' && encoder !== 'Lavc' && encoder !== 'L3.9') {
    return { encoderDelay: null, encoderPadding: null };
  }
  const delayByte0 = bytes[lameOffset + 21] ?? 0;
  const delayByte1 = bytes[lameOffset + 22] ?? 0;
  const delayByte2 = bytes[lameOffset + 23] ?? 0;
  return {
    encoderDelay: (delayByte0 << 4) | (delayByte1 >> 4),
    encoderPadding: ((delayByte1 & 0x0f) << 8) | delayByte2,
  };
}

/** Checks that `count` valid frames with the same sample rate chain from `offset`. */
function confirmsSync(bytes: Uint8Array, offset: number, first: FrameHeader, count: number): boolean {
  let position = offset + first.frameBytes;
  for (let i = 1; i < count; i++) {
    if (position >= bytes.length) return true; // A short file may end before `count` frames.
    const next = parseFrameHeader(bytes, position);
    if (!next || next.sampleRate !== first.sampleRate) return false;
    position += next.frameBytes;
  }
  return true;
}

/**
 * Indexes every Layer III frame of an MP3 file. Skips an ID3v2 tag, the Xing/Info header frame
 * and junk between frames (resynchronising on the next confirmed sync word), and stops at the end
 * of the data or a trailing ID3v1/APE tag. Throws when no frame is found.
 */
export function indexMp3Frames(bytes: Uint8Array): Mp3FrameIndex {
  const offsets: number[] = [];
  let position = skipId3v2(bytes);
  let format: FrameHeader | null = null;
  let info: InfoFrame | null = null;
  let dataEnd = position;

  while (position + 4 <= bytes.length) {
    const header = parseFrameHeader(bytes, position);
    const acceptable = header && (!format || header.sampleRate === format.sampleRate);
    // A header right where the previous frame ended is trusted. Anywhere else it may be a false
    // sync word inside junk, so the frames after it must chain too.
    const contiguous = format !== null && position === dataEnd;
    const synced = acceptable && (contiguous || confirmsSync(bytes, position, header, FRAMES_TO_CONFIRM_SYNC));
    if (!header || !synced) {
      if (readAscii(bytes, position, 3) === 'TAG' && offsets.length > 0) break;
      position += 1;
      continue;
    }

    if (!format) {
      format = header;
      info = readInfoFrame(bytes, position, header);
      if (info) {
        position += header.frameBytes;
        dataEnd = position;
        continue;
      }
    }
    if (position + header.frameBytes > bytes.length) break; // A truncated last frame is dropped.
    offsets.push(position);
    position += header.frameBytes;
    dataEnd = position;
  }

  if (!format || offsets.length === 0) throw new Error('No MP3 audio frames found in the file.');
  return {
    sampleRate: format.sampleRate,
    channels: format.channels,
    samplesPerFrame: format.samplesPerFrame,
    frameOffsets: Uint32Array.from(offsets),
    dataEnd,
    encoderDelay: info?.encoderDelay ?? null,
    encoderPadding: info?.encoderPadding ?? null,
  };
}
