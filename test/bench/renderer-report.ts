// The markdown section of the renderer benchmark: measured values against the goals, the search
// steps, the method, the command and the machine.
import os from 'node:os';
import { SAMPLE_RATE, STEM_SECONDS } from './renderer-fixtures.js';
import type { MemorySample, PageMonitorReport, TraceReport } from './renderer-probes.js';

export interface SearchStep {
  label: string;
  /** Songs the query matches, as main's library reports them. */
  matches: number;
  /** From the last keystroke to the list showing the result, in ms. */
  resultMs: number;
  longestTaskMs: number;
  longestFrameGapMs: number;
}

export interface BenchResults {
  songs: number;
  openMs: number;
  openLongestTaskMs: number;
  rowsAtRest: number;
  scroll: { trace: TraceReport; monitor: PageMonitorReport };
  search: SearchStep[];
  listParse: { bytes: number; parseMs: number };
  listMemory: MemorySample;
  play: {
    lanes: number;
    loaded: MemorySample;
    samples: MemorySample[];
    statuses: string[];
    /** Seconds of playback while memory was sampled. */
    playSeconds: number;
    positionSeconds: number;
    longestTaskMs: number;
    /** VmHWM of the renderer at the end of the run, in bytes. */
    peakRssBytes: number;
    mp3Bytes: number;
  };
  wholeDecodeBytes: number;
  viewport: { width: number; height: number };
  chromiumVersion: string;
  runSeconds: number;
}

const GOAL_ROWS = 200;
const GOAL_TASK_MS = 50;
const GOAL_PLAY_MEMORY_BYTES = 500 * 1024 * 1024;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const verdict = (met: boolean): string => (met ? 'met' : '**not met**');

function machine(chromiumVersion: string): string {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus.length} logical cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Chromium ${chromiumVersion} (headless, software rendering)`;
}

export function formatReport(results: BenchResults): string {
  const { scroll, search, play } = results;
  const maxRows = Math.max(results.rowsAtRest, scroll.monitor.maxRows);
  const searchLongest = Math.max(...search.map((step) => step.longestTaskMs));
  const smallSearches = search.filter((step) => step.matches < results.songs / 2);
  const smallLongest = Math.max(0, ...smallSearches.map((step) => step.longestTaskMs));
  const playPeak = Math.max(...play.samples.map((sample) => sample.rendererRssBytes));
  const playHeapPeak = Math.max(...play.samples.map((sample) => sample.jsHeapUsedBytes));

  const rows = [
    `| library rows in the DOM, at rest / most while scrolling | ${results.rowsAtRest} / ${scroll.monitor.maxRows} | ≤ ${GOAL_ROWS} | ${verdict(maxRows <= GOAL_ROWS)} |`,
    `| longest main-thread task while scrolling | ${ms(scroll.trace.longestTaskMs)} (${scroll.trace.tasksOver50Ms} over 50 ms; longest frame gap ${ms(scroll.monitor.longestFrameGapMs)}) | ≤ ${GOAL_TASK_MS} ms | ${verdict(scroll.trace.longestTaskMs <= GOAL_TASK_MS)} |`,
    `| longest main-thread task while typing a search, all steps | ${ms(searchLongest)} | ≤ ${GOAL_TASK_MS} ms | ${verdict(searchLongest <= GOAL_TASK_MS)} |`,
    `| the same, steps whose result is under half the library | ${ms(smallLongest)} | ≤ ${GOAL_TASK_MS} ms | ${verdict(smallLongest <= GOAL_TASK_MS)} |`,
    `| renderer memory with the whole list loaded, after GC: JS heap / process RSS | ${mib(results.listMemory.jsHeapUsedBytes)} / ${mib(results.listMemory.rendererRssBytes)} | – | – |`,
    `| renderer RSS while playing the 12-stem song, highest sample | ${mib(playPeak)} | ≤ ${mib(GOAL_PLAY_MEMORY_BYTES)} | ${verdict(playPeak <= GOAL_PLAY_MEMORY_BYTES)} |`,
    `| JS heap while playing, highest sample | ${mib(playHeapPeak)} | – | – |`,
    `| renderer RSS peak over the whole run (VmHWM) | ${mib(play.peakRssBytes)} | – | – |`,
  ];

  const steps = search.map(
    (step) => `| ${step.label} | ${step.matches.toLocaleString('en-US')} | ${ms(step.resultMs)} | ${ms(step.longestTaskMs)} | ${ms(step.longestFrameGapMs)} |`,
  );

  return [
    `## Renderer: ${results.songs.toLocaleString('en-US')}-song library and the 12-stem player`,
    '',
    '| measure | value | goal | result |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Opening the library view took ${ms(results.openMs)} until the list showed every song; its longest main-thread task was ${ms(results.openLongestTaskMs)}. One \`library.list\` response for the whole library is ${mib(results.listParse.bytes)} of JSON, and \`JSON.parse\` of it alone took ${ms(results.listParse.parseMs)} on the page's main thread. The list returns every song with every stem, so a search that matches most of the library costs that parse on the main thread, whatever the renderer does with the result.`,
    '',
    'Search steps (typed with pauses of 140–310 ms between keys, so that some pauses outlast the 200 ms debounce):',
    '',
    '| step | matching songs | last key to rows shown | longest main-thread task | longest frame gap |',
    '|---|---|---|---|---|',
    ...steps,
    '',
    `Player: ${play.lanes} lanes of ${STEM_SECONDS}-second stereo ${SAMPLE_RATE / 1000} kHz MP3 stems (128 kbit/s CBR), ${mib(play.mp3Bytes)} of MP3 in total. Decoded whole into 32-bit samples they would take ${mib(results.wholeDecodeBytes)}. With the song loaded and paused the renderer held ${mib(play.loaded.rendererRssBytes)} RSS (JS heap ${mib(play.loaded.jsHeapUsedBytes)}). After ${play.playSeconds} s of playback the playhead stood at ${play.positionSeconds.toFixed(1)} s; player states seen: ${play.statuses.join(', ')}. The longest main-thread task while playing was ${ms(play.longestTaskMs)}.`,
    '',
    `Method: \`generateLibrary\` writes ${(results.songs - 1).toLocaleString('en-US')} song folders (13 empty stem files each) into a temporary folder, and sox and lame add one song with twelve synthesised MP3 stems. \`startTestHost\` serves the built renderer with the real core on that folder. Playwright drives Chromium at ${results.viewport.width}×${results.viewport.height} CSS pixels. Main-thread task lengths are the longest \`RunTask\` on the page's \`CrRendererMain\` thread in a Chromium trace (the DevTools timeline categories); a \`longtask\` PerformanceObserver and a requestAnimationFrame gap monitor run beside it. Scrolling is 150 wheel steps of 400 px, 30 jumps to spread positions, then Home, 20 × Page Down, End, Home. The JS heap is CDP \`Performance.getMetrics\` \`JSHeapUsedSize\`; renderer RSS is \`VmRSS\` of the page's renderer process (its pid from the trace) in \`/proc/<pid>/status\`, sampled every 500 ms while playing.`,
    '',
    'Command: `node --import tsx test/bench/renderer.bench.ts` (after `npm run build`, which writes the renderer the host serves).',
    '',
    `Machine: ${machine(results.chromiumVersion)}. Run time ${results.runSeconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}
