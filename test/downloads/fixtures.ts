// Shared setup for the download tests: real MP3 bytes, hashes, temporary folders and a file-size wait.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const AUDIO_DIR = fileURLToPath(new URL('../fixtures/audio/', import.meta.url));

/** Returns the bytes of a fixture MP3 such as `vocal` or `drums`. */
export function fixtureMp3(stem = 'vocal'): Buffer {
  return readFileSync(path.join(AUDIO_DIR, `${stem}.mp3`));
}

/** Returns a fixture MP3 repeated until it is at least `minBytes` long. */
export function largeMp3(minBytes: number, stem = 'vocal'): Buffer {
  const unit = fixtureMp3(stem);
  const copies = Math.ceil(minBytes / unit.length);
  return Buffer.concat(Array.from({ length: copies }, () => unit));
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'stemcrate-downloads-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Waits until `filePath` contains at least `minBytes` bytes, checking every 5 ms for at most 10 s.
 * Rejects after that, so a test never hangs.
 */
export async function waitForFileSize(filePath: string, minBytes: number): Promise<void> {
  for (let check = 0; check < 2000; check++) {
    const size = await stat(filePath).then((info) => info.size, () => 0);
    if (size >= minBytes) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${filePath} did not reach ${minBytes} bytes within 10 s`);
}
