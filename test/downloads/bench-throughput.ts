// Throughput benchmark: downloads a 12-stem set from a loopback server with Stemcrate's downloader
// and with curl, and returns both rates. Run directly to print them:
//   node --import tsx test/downloads/bench-throughput.ts
// The server runs in this process and shares its JavaScript thread with the downloader, while curl
// runs in a process of its own, so the comparison favours curl. The downloader's time also covers
// the .part sidecar with its fsync, reading each file back for its sha256 and the rename.
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDownloader } from '../../main/downloads/downloader.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { LoopbackServer } from './loopback-server.js';
import { largeMp3, makeTempDir, removeDir } from './fixtures.js';

const execFileAsync = promisify(execFile);

const STEM_NAMES = ['vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'];

export interface ThroughputRun {
  bytes: number;
  seconds: number;
  bytesPerSecond: number;
}

export interface ThroughputComparison {
  stems: number;
  bytesPerStem: number;
  maxParallel: number;
  stemcrate: ThroughputRun;
  /** Null when curl could not run; `curlProblem` then contains the reason. */
  curl: ThroughputRun | null;
  curlProblem?: string;
}

export interface ThroughputOptions {
  /** Minimum size of each stem in bytes; the fixture MP3 is repeated to reach it. Default 5 MiB. */
  bytesPerStem?: number;
  /** Parallel transfers for both clients. Default 4, the downloader's default. */
  maxParallel?: number;
  /** curl binary to compare with. Default `curl` from PATH. */
  curlPath?: string;
}

/**
 * Downloads 12 stems of about 5 MiB each, held in memory by a loopback server, first with
 * createDownloader, then with `curl --parallel`, and returns the bytes, seconds and rate of each.
 */
export async function benchDownloadThroughput(options: ThroughputOptions = {}): Promise<ThroughputComparison> {
  const maxParallel = options.maxParallel ?? 4;
  const server = await new LoopbackServer().start();
  const dir = await makeTempDir();
  // NOTE: this replaces the process-wide root logger, so a caller that set its own loses it.
  setRootLogger(createLogger({ level: 'silent' }));

  try {
    const stems = STEM_NAMES.map((name) => ({ name, body: largeMp3(options.bytesPerStem ?? 5 * 1024 * 1024, name) }));
    for (const stem of stems) {
      // One write per response, so the server costs as little as possible for both clients.
      server.route(`/bench/${stem.name}.mp3`, (_request, response) => {
        response.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': stem.body.length, etag: '"bench"' });
        response.end(stem.body);
      });
    }
    const totalBytes = stems.reduce((sum, stem) => sum + stem.body.length, 0);
    const base = { stems: stems.length, bytesPerStem: stems[0]?.body.length ?? 0, maxParallel };

    const downloader = createDownloader({ maxParallel });
    const ownStart = performance.now();
    await Promise.all(
      stems.map((stem) =>
        downloader.download({ url: server.url(`/bench/${stem.name}.mp3`), directory: dir, baseName: `own-${stem.name}`, taskId: 'bench' }),
      ),
    );
    const stemcrate = runOf(totalBytes, performance.now() - ownStart);

    const curlArgs = ['--silent', '--show-error', '--fail', '--parallel', '--parallel-max', String(maxParallel)];
    for (const stem of stems) curlArgs.push('-o', path.join(dir, `curl-${stem.name}.mp3`), server.url(`/bench/${stem.name}.mp3`));
    const curlStart = performance.now();
    try {
      // Asynchronous, because the server runs in this process and must keep serving.
      await execFileAsync(options.curlPath ?? 'curl', curlArgs);
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      return { ...base, stemcrate, curl: null, curlProblem: problem };
    }
    const curlMs = performance.now() - curlStart;
    let curlBytes = 0;
    for (const stem of stems) curlBytes += await stat(path.join(dir, `curl-${stem.name}.mp3`)).then((info) => info.size, () => 0);
    if (curlBytes !== totalBytes) {
      return { ...base, stemcrate, curl: null, curlProblem: `curl exited with success but wrote ${curlBytes} of ${totalBytes} bytes` };
    }

    return { ...base, stemcrate, curl: runOf(curlBytes, curlMs) };
  } finally {
    await server.close();
    await removeDir(dir);
  }
}

function runOf(bytes: number, milliseconds: number): ThroughputRun {
  const seconds = milliseconds / 1000;
  return { bytes, seconds: Number(seconds.toFixed(3)), bytesPerSecond: Math.round(bytes / seconds) };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchDownloadThroughput();
  console.log(JSON.stringify(result, null, 2));
}
