// The multi-stem player decodes MP3 stems in chunks of whole frames. This checks in Chromium that
// the chunks join into exactly the samples of a whole-file decode, so stems stay sample-aligned.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { ChunkComparison } from './browser/chunk-harness.js';

let harness = '';
let folder = '';

test.beforeAll(async () => {
  const bundle = await build({
    entryPoints: [path.join('test', 'e2e', 'browser', 'chunk-harness.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  harness = bundle.outputFiles[0]?.text ?? '';
  folder = mkdtempSync(path.join(os.tmpdir(), 'stemcrate-chunks-'));
});

test.afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function compare(page: Page, file: string, chunkSamples: number): Promise<ChunkComparison> {
  await page.goto('about:blank');
  await page.addScriptTag({ content: harness });
  const base64 = readFileSync(file).toString('base64');
  return page.evaluate(([data, samples]) => window.compareChunks(data, samples), [base64, chunkSamples] as const);
}

test('fixture stem chunks match a whole decode', async ({ page }) => {
  const result = await compare(page, path.join('test', 'fixtures', 'audio', 'drums.mp3'), 44_100);
  expect(result.sourceLength).toBe(176_400);
  expect(result.wholeLength).toBe(176_400);
  expect(result.chunkCount).toBe(4);
  expect(result.maxDifference).toBeLessThan(1e-6);
});

test('VBR stereo chunks at 48 kHz match a whole decode', async ({ page }) => {
  const wav = path.join(folder, 'noise.wav');
  const mp3 = path.join(folder, 'noise.mp3');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '2', wav, 'synth', '12', 'pinknoise', 'sine', '220-3000', 'vol', '0.5']);
  execFileSync('lame', ['--quiet', '-V', '2', wav, mp3]);

  // 1.3 s chunks do not line up with the 1152-sample frames, so every boundary is mid-frame.
  const result = await compare(page, mp3, 62_400);
  expect(result.sampleRate).toBe(48_000);
  expect(result.sourceLength).toBe(576_000);
  expect(result.wholeLength).toBe(576_000);
  expect(result.chunkCount).toBe(10);
  expect(result.maxDifference).toBeLessThan(1e-6);
});
