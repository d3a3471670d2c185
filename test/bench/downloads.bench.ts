// Benchmark: download throughput of a 12-stem set, Stemcrate's downloader against curl, both
// fetching from one loopback server that runs in a child process. Prints one markdown section.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDownloader } from '../../main/downloads/downloader.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { benchDownloadThroughput } from '../downloads/bench-throughput.js';
import { largeMp3 } from '../downloads/fixtures.js';
import { LoopbackServer } from '../downloads/loopback-server.js';
import { durableWriteRate, referenceDownload, type ReferenceOptions } from './reference-download.js';

const execFileAsync = promisify(execFile);

const STEM_NAMES = ['vocal', 'backing_vocals', 'drums', 'bass', 'guitar', 'keyboard', 'percussion', 'strings', 'synth', 'fx', 'brass', 'woodwinds'];
const BYTES_PER_STEM = 5 * 1024 * 1024;
/** Parallel transfers for both clients: the downloader's default. */
const MAX_PARALLEL = 4;
const ROUNDS = 5;
const GOAL_RATIO = 0.9;
const CURL = '/usr/bin/curl';
type Client = 'own' | 'curl' | 'node' | 'node-sha256' | 'node-sha256-datasync';
const CLIENTS: Client[] = ['own', 'curl', 'node', 'node-sha256', 'node-sha256-datasync'];
const REFERENCES: Record<Exclude<Client, 'own' | 'curl'>, ReferenceOptions> = {
  node: { sha256: false, datasync: false },
  'node-sha256': { sha256: true, datasync: false },
  'node-sha256-datasync': { sha256: true, datasync: true },
};
/** Maximum wait for the server child to report its port, in ms. */
const SERVER_START_TIMEOUT_MS = 30_000;

/** Runs in the server child: serves the stems from memory and prints the port as one JSON line. */
async function serve(): Promise<void> {
  const server = await new LoopbackServer().start();
  for (const name of STEM_NAMES) {
    const body = largeMp3(BYTES_PER_STEM, name);
    // One write per response, so the server costs as little as possible for both clients.
    server.route(`/bench/${name}.mp3`, (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': body.length, etag: '"bench"' });
      response.end(body);
    });
  }
  const port = Number(new URL(server.url('/')).port);
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  // The parent closes stdin when it is done (or exits), which ends this process.
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
}

async function startServerChild(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, STEMCRATE_LOG_LEVEL: 'silent' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The server child did not report its port within ${SERVER_START_TIMEOUT_MS} ms.`)), SERVER_START_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`The server child exited with code ${code} before reporting its port.`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n')[0];
      if (!output.includes('\n') || line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

async function totalBytesOf(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await stat(file)).size;
  return total;
}

/** Downloads every stem with createDownloader and returns the rate in bytes per second. */
async function runOwn(baseUrl: string, directory: string): Promise<number> {
  const downloader = createDownloader({ maxParallel: MAX_PARALLEL });
  const started = performance.now();
  const results = await Promise.all(
    STEM_NAMES.map((name) => downloader.download({ url: `${baseUrl}/bench/${name}.mp3`, directory, baseName: `own-${name}`, taskId: 'bench' })),
  );
  const seconds = (performance.now() - started) / 1000;
  const bytes = await totalBytesOf(results.map((result) => result.path));
  return bytes / seconds;
}

/** Downloads every stem with `curl --parallel` and returns the rate in bytes per second. */
async function runCurl(baseUrl: string, directory: string): Promise<number> {
  const args = ['--silent', '--show-error', '--fail', '--parallel', '--parallel-max', String(MAX_PARALLEL)];
  const files = STEM_NAMES.map((name) => path.join(directory, `curl-${name}.mp3`));
  STEM_NAMES.forEach((name, position) => args.push('-o', files[position] as string, `${baseUrl}/bench/${name}.mp3`));
  const started = performance.now();
  await execFileAsync(CURL, args);
  const seconds = (performance.now() - started) / 1000;
  return (await totalBytesOf(files)) / seconds;
}

/** Downloads every stem with a reference client and returns the rate in bytes per second. */
async function runReference(baseUrl: string, directory: string, options: ReferenceOptions): Promise<number> {
  const started = performance.now();
  await referenceDownload(
    STEM_NAMES.map((name) => `${baseUrl}/bench/${name}.mp3`),
    directory,
    MAX_PARALLEL,
    options,
  );
  const seconds = (performance.now() - started) / 1000;
  const files = STEM_NAMES.map((_name, index) => path.join(directory, `reference-${index}`));
  return (await totalBytesOf(files)) / seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const mbPerSecond = (bytesPerSecond: number): string => (bytesPerSecond / 1e6).toFixed(0);

async function main(): Promise<void> {
  setRootLogger(createLogger({ level: 'silent' }));
  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const { child, baseUrl } = await startServerChild();
  const rates: Record<Client, number[]> = { own: [], curl: [], node: [], 'node-sha256': [], 'node-sha256-datasync': [] };
  const runInFreshFolder = async (client: Client): Promise<number> => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-download-bench-'));
    // Writes of the previous client still going to the disk would slow this one down.
    await execFileAsync('sync');
    try {
      if (client === 'own') return await runOwn(baseUrl, directory);
      if (client === 'curl') return await runCurl(baseUrl, directory);
      return await runReference(baseUrl, directory, REFERENCES[client]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  };
  let durableRate: number;
  try {
    // One unmeasured round each, so the measured rounds see optimised code and open connections
    // as a running app does.
    for (const client of CLIENTS) await runInFreshFolder(client);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotating the order keeps a disk flush from always favouring one client.
      for (let step = 0; step < CLIENTS.length; step++) {
        const client = CLIENTS[(round + step) % CLIENTS.length] as Client;
        rates[client].push(await runInFreshFolder(client));
      }
    }
    const directory = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-download-bench-'));
    try {
      durableRate = await durableWriteRate(directory, STEM_NAMES.length * BYTES_PER_STEM);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  } finally {
    child.stdin?.end();
  }
  await new Promise((resolve) => child.once('exit', resolve));

  // The earlier method, for comparison: the server shares the downloader's process and thread.
  const sameProcess = await benchDownloadThroughput({ bytesPerStem: BYTES_PER_STEM, maxParallel: MAX_PARALLEL, curlPath: CURL });
  const loadAfter = os.loadavg()[0] ?? 0;

  const own = rates.own;
  const curl = rates.curl;
  const ratio = median(own) / median(curl);
  const roundRatios = own.map((rate, round) => rate / (curl[round] as number));
  const share = (client: Client): string => (median(rates[client]) / median(curl)).toFixed(2);
  const referenceRow = (client: Exclude<Client, 'own' | 'curl'>, label: string): string =>
    `| ${label}, median of ${ROUNDS} rounds | ${mbPerSecond(median(rates[client]))} MB/s, ${(median(rates[client]) / median(curl)).toFixed(2)} of curl | | |`;
  const sameProcessCurl = sameProcess.curl ? `${mbPerSecond(sameProcess.curl.bytesPerSecond)} MB/s` : `failed: ${sameProcess.curlProblem ?? 'unknown'}`;
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const stemMiB = (largeMp3(BYTES_PER_STEM, 'vocal').length / 2 ** 20).toFixed(1);

  const text = [
    '## Downloads: 12-stem set, Stemcrate against curl',
    '',
    'Command: `node --import tsx test/bench/downloads.bench.ts` (or `npm run bench -- downloads`).',
    '',
    `Machine: ${os.availableParallelism()} cores (\`nproc\`), ${cpuModel}, Node ${process.version}, ${CURL} (Debian's curl). One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run.`,
    '',
    '| measure | result | goal | status |',
    '|---|---|---|---|',
    `| Stemcrate downloader, median of ${ROUNDS} rounds | ${mbPerSecond(median(own))} MB/s | | |`,
    `| curl --parallel, median of ${ROUNDS} rounds | ${mbPerSecond(median(curl))} MB/s | | |`,
    `| ratio of the medians, Stemcrate / curl | ${ratio.toFixed(2)} | ≥ ${GOAL_RATIO} | ${ratio >= GOAL_RATIO ? 'met' : 'not met'} |`,
    `| ratio per round (min–max) | ${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)} | | |`,
    referenceRow('node', 'reference: plain Node client (http.get piped to a file)'),
    referenceRow('node-sha256', 'reference: the same, plus a sha256 of the bytes as they arrive'),
    referenceRow('node-sha256-datasync', 'reference: the same, plus a flush to disk (datasync) of each file'),
    `| disk: the set's bytes written to one file and flushed, once | ${mbPerSecond(durableRate)} MB/s, ${(durableRate / median(curl)).toFixed(2)} of curl | | |`,
    `| for comparison: server in the downloader's process, one round | ${mbPerSecond(sameProcess.stemcrate.bytesPerSecond)} MB/s against curl ${sameProcessCurl} | | |`,
    '',
    `Method: a child process serves 12 MP3 stems of ${stemMiB} MiB each from memory over HTTP on 127.0.0.1, one \`end()\` per response. Each client first downloads the set once unmeasured. Then each round downloads the set once with every client, in an order that rotates from round to round. Each download goes into a fresh folder under ${os.tmpdir()}, after a \`sync\`, so writes left by the previous client do not slow the next one. The clients are \`createDownloader({ maxParallel: ${MAX_PARALLEL} })\`, \`curl --parallel --parallel-max ${MAX_PARALLEL}\` and three reference clients in Node (test/bench/reference-download.ts), all with ${MAX_PARALLEL} transfers at once. A rate is the set's bytes divided by the time until the last file is complete. MB is 10^6 bytes.`,
    '',
    "Stemcrate's time covers steps curl does not take for every file. It writes the .part sidecar and flushes it while the body arrives. A worker thread computes the sha256 by reading the file back as it is written. The bytes are flushed to disk (datasync), so a power loss cannot leave a stem shorter than its manifest records, and the file is moved to its final name. curl leaves its bytes in the page cache, and the benchmark deletes them before most reach the disk.",
    '',
    `The reference rows show where the gap comes from. On these 2 cores a plain Node client reaches ${share('node')} of curl's rate; hashing the bytes as they arrive brings it to ${share('node-sha256')}, and flushing each file to ${share('node-sha256-datasync')}. Stemcrate, with all its checks, reaches ${(median(own) / median(rates['node-sha256-datasync'])).toFixed(2)} of the rate of that last reference client. The disk row bounds any client that flushes its files: ${(durableRate / median(curl)).toFixed(2)} of curl's rate in this run.`,
    '',
    `Run time: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    '',
  ].join('\n');
  process.stdout.write(text);
}

if (process.argv.includes('--serve')) await serve();
else await main();
