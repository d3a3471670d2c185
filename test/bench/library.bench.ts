// Benchmark: load time, search time per keystroke and memory of a generated library of 10,000
// songs and 130,000 stems, with and without the persisted index. Prints one markdown section.
//
// Every load runs in a fresh child process (this file with `--child`), so each one starts with an
// empty heap and unoptimised code, as the app does, and its memory numbers are its own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MediaUrls, toSongListItem } from '../../main/ipc/dto.js';
import { LIBRARY_INDEX_FILE } from '../../main/library/index-store.js';
import { createLibrary } from '../../main/library/library.js';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { generateLibrary } from '../library/generate-library.js';

const SONGS = 10_000;
const COLD_RUNS = 2;
const WARM_RUNS = 5;
const GOAL_LOAD_MS = 1000;
const GOAL_SEARCH_P95_MS = 16;
/** Maximum length of a typed query, in characters. */
const MAX_QUERY_CHARACTERS = 12;

/** What a musician types: song titles, style tags, user tags and stem names that the generated library contains. */
const TYPED_PHRASES = [
  'Midnight Heart', 'Électrique Café', 'Señorita Rain', 'Velvet Skyline', 'Frozen Signal', 'Golden Echoes',
  'synthwave', 'drum and bass', 'reggaeton', 'lo-fi', 'chanson', 'ambient', 'demo',
  'Backing Vocals', 'Woodwinds', 'Percussion', 'Keyboard', 'Strings', 'Brass', 'Guitar', 'Origin',
];

interface ChildResult {
  loadMs: number;
  loadCpuMs: number;
  loadMainThreadCpuMs: number;
  heapUsedMb: number;
  rssMb: number;
  songs: number;
  stems: number;
  firstListMs: number;
  searchMs: number[];
  searchWithDtoMs: number[];
  results: number[];
}

/** Returns every query a musician produces while typing the phrases, in typing order, each distinct text once. */
function typedQueries(): string[] {
  const queries = new Set<string>();
  for (const phrase of TYPED_PHRASES) {
    for (let length = 1; length <= Math.min(MAX_QUERY_CHARACTERS, phrase.length); length++) queries.add(phrase.slice(0, length));
  }
  return [...queries];
}

/**
 * Returns the CPU time of the main thread in ms, read from Linux's /proc with clock-tick
 * resolution (USER_HZ is 100 on common kernels, see `getconf CLK_TCK`), or NaN elsewhere. Unlike
 * process.cpuUsage() it leaves out worker and garbage-collector threads, so it predicts the wall
 * time of an idle machine when other processes load the cores.
 */
function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function elapsedSince(started: number): number {
  return performance.now() - started;
}

/**
 * Runs in the child: one load, then the typing run, reported as JSON on stdout. `withDto` adds a
 * second typing run that also converts every result to a list item (SongListItemDto), which takes minutes.
 */
async function measureChild(mode: string, root: string, dataDir: string, withDto: boolean): Promise<void> {
  setRootLogger(createLogger({ level: 'silent' }));
  if (mode === 'cold') rmSync(path.join(dataDir, LIBRARY_INDEX_FILE), { force: true });
  const cpuBefore = process.cpuUsage();
  const mainThreadBefore = mainThreadCpuMs();
  const started = performance.now();
  const library = await createLibrary({ root, dataDir });
  const loadMs = elapsedSince(started);
  const cpu = process.cpuUsage(cpuBefore);
  const loadMainThreadCpuMs = mainThreadCpuMs() - mainThreadBefore;

  // Live memory: what stays after a full collection.
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const summary = library.summary();

  const listStarted = performance.now();
  library.list({});
  const firstListMs = elapsedSince(listStarted);

  const media = new MediaUrls('stemcrate-media://media/');
  const searchMs: number[] = [];
  const searchWithDtoMs: number[] = [];
  const results: number[] = [];
  for (const text of typedQueries()) {
    const searchStarted = performance.now();
    const found = library.list({ text });
    searchMs.push(elapsedSince(searchStarted));
    results.push(found.length);
  }
  // The same typing with the conversion the IPC router applies to every result (main/ipc/dto.ts),
  // in a second pass, so term matches cached by the first pass leave mostly the conversion.
  for (const text of withDto ? typedQueries() : []) {
    const searchStarted = performance.now();
    library.list({ text }).map((entry) => toSongListItem(entry, media));
    searchWithDtoMs.push(elapsedSince(searchStarted));
  }

  const result: ChildResult = {
    loadMs,
    loadCpuMs: (cpu.user + cpu.system) / 1000,
    loadMainThreadCpuMs,
    heapUsedMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
    songs: summary.songCount,
    stems: summary.stemCount,
    firstListMs,
    searchMs,
    searchWithDtoMs,
    results,
  };
  process.stdout.write(JSON.stringify(result));
}

function runChild(mode: 'cold' | 'warm', root: string, dataDir: string, withDto = false): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', self, '--child', mode, root, dataDir, ...(withDto ? ['--with-dto'] : [])];
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, STEMCRATE_LOG_LEVEL: 'silent' },
  });
  if (run.status !== 0) throw new Error(`The ${mode} load child failed with exit code ${run.status ?? run.signal}.`);
  return JSON.parse(run.stdout) as ChildResult;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

const median = (values: readonly number[]): number => percentile(values, 0.5);
const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const status = (met: boolean): string => (met ? 'met' : 'not met');

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const parent = mkdtempSync(path.join(os.tmpdir(), 'stemcrate-library-bench-'));
  try {
    const root = path.join(parent, 'Library');
    const dataDir = path.join(parent, 'Data');
    const generated = generateLibrary(root, { songs: SONGS });

    const cold = Array.from({ length: COLD_RUNS }, () => runChild('cold', root, dataDir));
    const indexMb = statSync(path.join(dataDir, LIBRARY_INDEX_FILE)).size / 2 ** 20;
    const warm = Array.from({ length: WARM_RUNS }, (_, run) => runChild('warm', root, dataDir, run === 0));
    const loadAfter = os.loadavg()[0] ?? 0;

    const counted = [...cold, ...warm].every((run) => run.songs === generated.songs && run.stems === generated.stems);
    if (!counted) throw new Error('A load did not find every generated song and stem.');

    const warmLoad = median(warm.map((run) => run.loadMs));
    const search = warm.flatMap((run) => run.searchMs);
    const searchWithDto = warm.flatMap((run) => run.searchWithDtoMs);
    const results = warm[0]?.results ?? [];
    const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';

    const text = [
      `## Library: load, search and memory at ${SONGS.toLocaleString('en')} songs`,
      '',
      'Command: `node --import tsx test/bench/library.bench.ts` (or `npm run bench -- library`).',
      '',
      `Machine: ${os.availableParallelism()} cores (\`nproc\`), ${cpuModel}, Node ${process.version}. One-minute load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after the run, which shows how many other processes competed for the cores; wall times grow with it, CPU times much less.`,
      '',
      `Library: ${generated.songs.toLocaleString('en')} songs, ${generated.stems.toLocaleString('en')} stems (empty placeholder files), written by test/library/generate-library.ts to ${os.tmpdir()}; persisted index ${indexMb.toFixed(1)} MiB.`,
      '',
      '| measure | result | goal | status |',
      '|---|---|---|---|',
      `| warm load: with the index, median of ${WARM_RUNS} (min–max) | ${ms(warmLoad)} ms (${ms(Math.min(...warm.map((run) => run.loadMs)))}–${ms(Math.max(...warm.map((run) => run.loadMs)))}) | ≤ ${GOAL_LOAD_MS} ms | ${status(warmLoad <= GOAL_LOAD_MS)} |`,
      `| warm load, CPU time (median) | ${ms(median(warm.map((run) => run.loadCpuMs)))} ms | | |`,
      `| warm load, CPU time of the main thread (median) | ${ms(median(warm.map((run) => run.loadMainThreadCpuMs)))} ms | | |`,
      `| cold load: no index, median of ${COLD_RUNS} (includes writing the index) | ${ms(median(cold.map((run) => run.loadMs)))} ms | | |`,
      `| cold load, CPU time (median) | ${ms(median(cold.map((run) => run.loadCpuMs)))} ms | | |`,
      `| search per keystroke, p50 (${search.length} samples) | ${ms(percentile(search, 0.5))} ms | | |`,
      `| search per keystroke, p95 | ${ms(percentile(search, 0.95))} ms | ≤ ${GOAL_SEARCH_P95_MS} ms | ${status(percentile(search, 0.95) <= GOAL_SEARCH_P95_MS)} |`,
      `| search per keystroke, max | ${ms(Math.max(...search))} ms | | |`,
      `| search plus conversion to SongListItemDto, p50 / p95 (first warm process only) | ${ms(percentile(searchWithDto, 0.5))} / ${ms(percentile(searchWithDto, 0.95))} ms | | |`,
      `| first full list after load (sorts ${SONGS.toLocaleString('en')} songs) | ${ms(median(warm.map((run) => run.firstListMs)))} ms | | |`,
      `| first search after load (builds the word postings; also a keystroke sample above) | ${ms(median(warm.map((run) => run.searchMs[0] ?? Number.NaN)))} ms | | |`,
      `| heap used after warm load and a full GC (median) | ${median(warm.map((run) => run.heapUsedMb)).toFixed(0)} MiB | | |`,
      `| resident set size after warm load (median) | ${median(warm.map((run) => run.rssMb)).toFixed(0)} MiB | | |`,
      '',
      `Load time is the time until \`createLibrary()\` resolves, measured in a fresh process. A warm load reads the index file while a worker thread lists the library folder and checks every song folder with two \`stat\` calls (folder and manifest), then re-reads only folders whose modification times or manifest size changed, and builds the search index. The word postings of the search index are left to the first search, which the first-search row times. CPU time counts every thread of the process: the worker, and the garbage collector's helper threads. When the load resolves, \`list\`, \`get\` and search answer from memory, with no disk access. A cold load reads and validates all ${SONGS.toLocaleString('en')} manifests, lists every folder, then writes the index. The page cache is warm in both cases, because the library was just written. A first start after a reboot also waits for the disk.`,
      '',
      `Search: ${results.length} distinct queries per run, typed in order as prefixes (1–${MAX_QUERY_CHARACTERS} characters) of ${TYPED_PHRASES.length} titles, style tags, user tags and stem names, timed around \`library.list({ text })\` in each of the ${WARM_RUNS} warm processes. Result counts ranged from ${Math.min(...results)} to ${Math.max(...results)} songs. Terms the search index has matched since the last library change are cached, so the earlier words of a multi-word query cost almost nothing. The SongListItemDto row adds the conversion that the IPC router applies to every result. It excludes the IPC transfer to the renderer.`,
      '',
      `Run time: ${((Date.now() - started) / 1000).toFixed(0)} s.`,
      '',
    ].join('\n');
    process.stdout.write(text);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) {
  const [mode, root, dataDir] = process.argv.slice(childAt + 1);
  if (!mode || !root || !dataDir) throw new Error('Usage: library.bench.ts --child <cold|warm> <library folder> <data folder>');
  await measureChild(mode, root, dataDir, process.argv.includes('--with-dto'));
} else {
  await main();
}
