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
  trace: TraceReport;
  maxFrameGapMs: number;
}

export interface BenchResults {
  songs: number;
  openMs: number;
  openTrace: TraceReport;
  rowsAtRest: number;
  scroll: { trace: TraceReport; monitor: PageMonitorReport };
  search: SearchStep[];
  /** JSON size and page-side parse time of the whole list, as sent and with stems left out. */
  listParse: { bytes: number; parseMs: number };
  listMemory: MemorySample;
  play: {
    lanes: number;
    loaded: MemorySample;
    samples: MemorySample[];
    statuses: string[];
    /** Seconds from the Play click to reading the playhead, timed in the page. */
    playedSeconds: number;
    positionSeconds: number;
    trace: TraceReport;
    mp3Bytes: number;
  };
  wholeDecodeBytes: number;
  viewport: { width: number; height: number };
  chromiumVersion: string;
  /** One-minute load averages at the start and the end of the run. */
  loadAverages: [number, number];
  runSeconds: number;
}

const GOAL_ROWS = 200;
const GOAL_TASK_MS = 50;
const GOAL_PLAY_MEMORY_BYTES = 500 * 1024 * 1024;

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const verdict = (met: boolean): string => (met ? 'met' : '**not met**');
/** Formats the maximum wall-clock task time, with the maximum CPU time any one task used. */
const task = (trace: TraceReport): string => `${ms(trace.maxTaskMs)} (CPU ${ms(trace.maxTaskCpuMs)})`;

/** Combines several traces into one report of their maximum task times. */
function maxOf(traces: readonly TraceReport[]): TraceReport {
  return {
    rendererPid: traces[0]?.rendererPid ?? null,
    maxTaskMs: Math.max(0, ...traces.map((trace) => trace.maxTaskMs)),
    maxTaskCpuMs: Math.max(0, ...traces.map((trace) => trace.maxTaskCpuMs)),
    tasksOver50Ms: traces.reduce((sum, trace) => sum + trace.tasksOver50Ms, 0),
  };
}

function machine(results: BenchResults): string {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  const [before, after] = results.loadAverages;
  return [
    `${cpu}, ${cpus.length} logical cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version},`,
    `Chromium ${results.chromiumVersion} (headless, software rendering). One-minute load average ${before.toFixed(1)} at the start and ${after.toFixed(1)} at the end;`,
    'a load above the core count means other processes competed for the cores, which lengthens wall-clock task times but not their CPU time.',
  ].join(' ');
}

export function formatReport(results: BenchResults): string {
  const { scroll, search, play } = results;
  const maxRows = Math.max(results.rowsAtRest, scroll.monitor.maxRows);
  const allSearch = maxOf(search.map((step) => step.trace));
  const smallSearch = maxOf(search.filter((step) => step.matches < results.songs / 2).map((step) => step.trace));
  const playPeak = Math.max(...play.samples.map((sample) => sample.rendererRssBytes));
  const playHeapPeak = Math.max(...play.samples.map((sample) => sample.jsHeapUsedBytes));

  const rows = [
    `| library rows in the DOM, at rest / most while scrolling | ${results.rowsAtRest} / ${scroll.monitor.maxRows} | ≤ ${GOAL_ROWS} | ${verdict(maxRows <= GOAL_ROWS)} |`,
    `| longest main-thread task while scrolling | ${task(scroll.trace)}; ${scroll.trace.tasksOver50Ms} over 50 ms; longest frame gap ${ms(scroll.monitor.maxFrameGapMs)} | ≤ ${GOAL_TASK_MS} ms | ${verdict(scroll.trace.maxTaskMs <= GOAL_TASK_MS)} |`,
    `| longest main-thread task while typing a search, all steps | ${task(allSearch)} | ≤ ${GOAL_TASK_MS} ms | ${verdict(allSearch.maxTaskMs <= GOAL_TASK_MS)} |`,
    `| the same, only steps whose final result is under half the library | ${task(smallSearch)} | ≤ ${GOAL_TASK_MS} ms | ${verdict(smallSearch.maxTaskMs <= GOAL_TASK_MS)} |`,
    `| renderer memory with the whole list loaded, after GC: JS heap / process RSS | ${mib(results.listMemory.jsHeapUsedBytes)} / ${mib(results.listMemory.rendererRssBytes)} | – | – |`,
    `| renderer RSS while playing the 12-stem song, highest sample | ${mib(playPeak)} | ≤ ${mib(GOAL_PLAY_MEMORY_BYTES)} | ${verdict(playPeak <= GOAL_PLAY_MEMORY_BYTES)} |`,
    `| JS heap while playing, highest sample | ${mib(playHeapPeak)} | – | – |`,
  ];

  const steps = search.map(
    (step) => `| ${step.label} | ${step.matches.toLocaleString('en-US')} | ${ms(step.resultMs)} | ${task(step.trace)} | ${ms(step.maxFrameGapMs)} |`,
  );
  const { listParse } = results;

  return [
    `## Renderer: ${results.songs.toLocaleString('en-US')}-song library and the 12-stem player`,
    '',
    '| measure | value | goal | result |',
    '|---|---|---|---|',
    ...rows,
    '',
    'Task times are wall-clock; CPU is the most thread CPU time one task used. The verdicts use wall-clock time.',
    '',
    `Opening the library view took ${ms(results.openMs)} until the list showed every song; its longest main-thread task was ${task(results.openTrace)}.`,
    `One \`library.list\` response for the whole library is ${mib(listParse.bytes)} of JSON, and \`JSON.parse\` of it alone took ${ms(listParse.parseMs)} on the page's main thread.`,
    'The list carries a stem count in place of each song\'s stems; the song view reads its stems with `library.get` when it opens.',
    '',
    'Search steps, typed with pauses of 140–310 ms between keys. Some pauses outlast the 200 ms debounce, so searches also run for partly typed words; one letter matches most of the library.',
    '',
    '| step | matching songs | last key to rows shown | longest main-thread task | longest frame gap |',
    '|---|---|---|---|---|',
    ...steps,
    '',
    `Player: ${play.lanes} lanes of ${STEM_SECONDS}-second stereo ${SAMPLE_RATE / 1000} kHz MP3 stems (128 kbit/s CBR), ${mib(play.mp3Bytes)} of MP3 in total.`,
    `Decoded whole into 32-bit samples they would take ${mib(results.wholeDecodeBytes)}.`,
    `With the song loaded and paused, the renderer held ${mib(play.loaded.rendererRssBytes)} RSS (JS heap ${mib(play.loaded.jsHeapUsedBytes)}).`,
    `${play.playedSeconds.toFixed(1)} s after Play was pressed, the playhead stood at ${play.positionSeconds.toFixed(1)} s; player states seen: ${play.statuses.join(', ')}.`,
    `The longest main-thread task while playing was ${task(play.trace)}.`,
    '',
    [
      `Method: \`generateLibrary\` writes ${(results.songs - 1).toLocaleString('en-US')} song folders (13 empty stem files each) into a temporary folder, and sox and lame add one song with twelve synthesised MP3 stems.`,
      '`startTestHost` serves the built renderer with the real core on that folder.',
      `Playwright drives Chromium at ${results.viewport.width}×${results.viewport.height} CSS pixels.`,
      "Task times come from a Chromium trace (the DevTools timeline categories): the longest `RunTask` on the page's `CrRendererMain` thread.",
      'A `longtask` PerformanceObserver and a requestAnimationFrame gap monitor run beside it.',
      'Scrolling is 150 mouse-wheel steps of 400 px, 30 jumps to spread positions, then Home, 20 × Page Down, End and Home.',
      "The JS heap is CDP `Performance.getMetrics` `JSHeapUsedSize`. Renderer RSS is `VmRSS` of the page's renderer process (its pid from the trace) in `/proc/<pid>/status`, sampled every 500 ms while playing.",
    ].join(' '),
    '',
    'Command: `node --import tsx test/bench/renderer.bench.ts`, after `npm run build`, which writes the renderer the host serves.',
    '',
    `Machine: ${machine(results)} Run time ${results.runSeconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}
