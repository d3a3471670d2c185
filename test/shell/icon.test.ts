import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';
import { createIconPng, drawIconPixels, DRAG_ICON_SIZE } from '../../main/app/icon.js';
import { encodeRgbaPng } from '../../main/app/png.js';

interface Chunk {
  type: string;
  data: Buffer;
}

/** Splits a PNG into chunks, checking the signature and every CRC on the way. */
function readChunks(png: Buffer): Chunk[] {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crc = png.readUInt32BE(offset + 8 + length);
    chunks.push({ type, data });
    assert.equal(crc >>> 0, crc32Of(png.subarray(offset + 4, offset + 8 + length)), `bad CRC in ${type}`);
    offset += 12 + length;
  }
  return chunks;
}

/** CRC-32 as the PNG specification defines it, written out so the test does not trust zlib.crc32. */
function crc32Of(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

test('PNG encoder writes a decodable image', () => {
  const pixels = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
  const chunks = readChunks(encodeRgbaPng(2, 2, pixels));
  assert.deepEqual(chunks.map((chunk) => chunk.type), ['IHDR', 'IDAT', 'IEND']);
  const header = chunks[0]!.data;
  assert.equal(header.readUInt32BE(0), 2);
  assert.equal(header.readUInt32BE(4), 2);
  assert.equal(header[8], 8);
  assert.equal(header[9], 6);
  const raw = inflateSync(chunks[1]!.data);
  assert.deepEqual([...raw], [0, ...pixels.subarray(0, 8), 0, ...pixels.subarray(8)]);
});

test('PNG encoder rejects a wrong buffer', () => {
  assert.throws(() => encodeRgbaPng(2, 2, new Uint8Array(15)), /expected 16 bytes/);
  assert.throws(() => encodeRgbaPng(0, 2, new Uint8Array(0)), /positive integers/);
});

test('drag icon is a non-empty PNG', () => {
  const chunks = readChunks(createIconPng(DRAG_ICON_SIZE));
  const header = chunks[0]!.data;
  assert.equal(header.readUInt32BE(0), DRAG_ICON_SIZE);
  assert.equal(header.readUInt32BE(4), DRAG_ICON_SIZE);
});

test('icon has opaque and coloured pixels', () => {
  const pixels = drawIconPixels(DRAG_ICON_SIZE);
  let opaque = 0;
  let bright = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] === 255) opaque += 1;
    if ((pixels[i] ?? 0) > 0x80 || (pixels[i + 1] ?? 0) > 0x80) bright += 1;
  }
  assert.ok(opaque > (DRAG_ICON_SIZE * DRAG_ICON_SIZE) / 2, `only ${opaque} opaque pixels`);
  assert.ok(bright > 20, `only ${bright} bar pixels`);
  assert.equal(pixels[3], 0, 'the corner outside the rounded square must be transparent');
});

test('packaged icon matches the drawing', async () => {
  // build/icon.png is the output of createIconPng(1024). electron-builder needs at least 512 px.
  const stored = await readFile(new URL('../../build/icon.png', import.meta.url));
  assert.ok(stored.equals(createIconPng(1024)), 'build/icon.png is stale: regenerate it with createIconPng(1024)');
});
