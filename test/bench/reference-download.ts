// Reference clients for the download benchmark: minimal Node downloads of the same files, with and
// without a sha256 of every byte and a flush to disk. They show where the gap to curl comes from.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { flushToDisk } from '../../main/downloads/finalize.js';

export interface ReferenceOptions {
  /** Hash every received byte with sha256, as the bytes arrive. */
  sha256: boolean;
  /** Flush each file to disk (datasync) before it counts as saved. */
  datasync: boolean;
}

/** Saves each URL to `directory/reference-<index>` with `parallel` transfers at once, and resolves when all are saved. */
export async function referenceDownload(urls: readonly string[], directory: string, parallel: number, options: ReferenceOptions): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  const queue = urls.map((url, index) => ({ url, file: path.join(directory, `reference-${index}`) }));
  try {
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) await saveOne(agent, next.url, next.file, options);
      }),
    );
  } finally {
    agent.destroy();
  }
}

async function saveOne(agent: http.Agent, url: string, file: string, options: ReferenceOptions): Promise<void> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(url, { agent }, resolve).on('error', reject);
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`Reference download failed: HTTP ${response.statusCode} for ${url}. The benchmark server serves only /bench/<stem>.mp3.`);
  }
  const hash = options.sha256 ? createHash('sha256') : null;
  if (hash !== null) response.on('data', (chunk: Buffer) => hash.update(chunk));
  await pipeline(response, createWriteStream(file));
  hash?.digest('hex');
  if (options.datasync) await flushToDisk(file);
}

/** Measures the disk's durable write rate in bytes per second: `bytes` written to a new file in one call, then flushed. */
export async function durableWriteRate(directory: string, bytes: number): Promise<number> {
  const buffer = Buffer.alloc(bytes, 0x5a);
  const handle = await open(path.join(directory, 'durable-write'), 'w');
  try {
    const started = performance.now();
    await handle.write(buffer, 0, buffer.length, 0);
    await handle.datasync();
    return bytes / ((performance.now() - started) / 1000);
  } finally {
    await handle.close();
  }
}
