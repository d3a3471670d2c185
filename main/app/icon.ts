// The Stemcrate mark drawn in code: stacked stem bars on a dark rounded square. The drag image and
// the packaged app icon (build/icon.png) both come from it, so neither needs a binary in the sources.
import { encodeRgbaPng } from './png.js';

const BACKGROUND = [0x12, 0x14, 0x17, 0xff] as const;
const BAR_COLOURS = [
  [0x4f, 0xd1, 0xc5, 0xff],
  [0xf6, 0xad, 0x55, 0xff],
  [0x9f, 0x7a, 0xea, 0xff],
  [0xfc, 0x81, 0x81, 0xff],
] as const;
/** Bar lengths as fractions of the inner width, one per stem lane. */
const BAR_LENGTHS = [0.9, 0.65, 0.8, 0.5] as const;

function insideRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), size - 1 - radius);
  const cy = Math.min(Math.max(y, radius), size - 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** Draws the mark as RGBA pixels of a `size` × `size` square. Pixels outside the rounded corners are transparent. */
export function drawIconPixels(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const radius = Math.round(size * 0.18);
  const margin = Math.round(size * 0.17);
  const laneHeight = (size - 2 * margin) / BAR_LENGTHS.length;
  const barHeight = Math.max(1, Math.round(laneHeight * 0.6));

  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if (!insideRoundedSquare(x, y, size, radius)) continue;
      let colour: readonly number[] = BACKGROUND;
      const lane = Math.floor((y - margin) / laneHeight);
      const barTop = margin + lane * laneHeight + (laneHeight - barHeight) / 2;
      const length = BAR_LENGTHS[lane];
      const barColour = BAR_COLOURS[lane];
      if (length !== undefined && barColour && y >= barTop && y < barTop + barHeight) {
        if (x >= margin && x < margin + length * (size - 2 * margin)) colour = barColour;
      }
      pixels.set(colour, (y * size + x) * 4);
    }
  }
  return pixels;
}

/** Encodes the mark as a PNG of `size` × `size` pixels. */
export function createIconPng(size: number): Buffer {
  return encodeRgbaPng(size, size, drawIconPixels(size));
}

/** Edge length in pixels of the image shown under the pointer while stems are dragged out. */
export const DRAG_ICON_SIZE = 32;
