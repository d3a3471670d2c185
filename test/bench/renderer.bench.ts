// Benchmark: the renderer with a 10,000-song library (rows in the DOM, main-thread tasks while
// scrolling and while typing a search, memory) and the multi-stem player on a 12-stem, 4-minute
// song (memory while playing). Drives Debian's Chromium against the loopback host with the real
// core. Prints one markdown section.
//
// Usage: node --import tsx test/bench/renderer.bench.ts
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import { startTestHost, type TestHost } from '../host/start-host.js';
import { generateLibrary } from '../library/generate-library.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { SAMPLE_RATE, STEM_SECONDS, TWELVE_STEM_SONG_ID, writeTwelveStemSong } from './renderer-fixtures.js';
import {
  installPageMonitor,
  readPageMonitor,
  resetPageMonitor,
  sampleMemory,
  startTrace,
  stopTrace,
  type MemorySample,
  type TraceReport,
} from './renderer-probes.js';
import { formatReport, type BenchResults, type SearchStep } from './renderer-report.js';

const SONGS = 10_000;
const VIEWPORT = { width: 1280, height: 900 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-precise-memory-info',
  '--autoplay-policy=no-user-gesture-required',
];
/** Seconds of playback while memory is sampled. */
const PLAY_SECONDS = 20;
const MEMORY_SAMPLE_MS = 500;
/** Maximum wait for the list to show a search's result, in ms; the whole list takes seconds. */
const RESULT_TIMEOUT_MS = 60_000;
/** Delays between keystrokes in ms, as a person types: some pauses outlast the 200 ms search debounce. */
const KEY_DELAYS_MS = [140, 260, 180, 310, 150, 220, 170, 290, 200];

/** Records in the page when the Play button is clicked. */
const PLAY_CLICK_STAMP = `document.querySelector('[data-testid="player-play"]').addEventListener('click', () => {
  window.benchPlayClickedAt = performance.now();
}, { once: true, capture: true })`;
/** Reads the seconds since the Play click and the playhead text, both in the page. */
const PLAY_POSITION = `({
  playedSeconds: (performance.now() - window.benchPlayClickedAt) / 1000,
  positionText: document.querySelector('[data-testid="player-position"]')?.textContent ?? '',
})`;

/** Two animation frames, so that React has rendered and the browser has painted. */
const TWO_FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

async function waitForListCount(page: Page, count: number): Promise<void> {
  await page.getByTestId('library-list').and(page.locator(`[aria-label="Songs, ${count} shown"]`)).waitFor({ timeout: RESULT_TIMEOUT_MS });
}

async function openLibrary(browser: Browser, page: Page, host: TestHost): Promise<{ openMs: number; trace: TraceReport; rendererPid: number }> {
  await page.goto(host.url);
  await page.getByTestId('nav-separate').waitFor();
  await startTrace(browser, page);
  const started = performance.now();
  await page.getByTestId('nav-library').click();
  await waitForListCount(page, host.core.library.list({}).length);
  const openMs = performance.now() - started;
  const trace = await stopTrace(browser, host.origin);
  if (trace.rendererPid === null) throw new Error('The trace names no renderer process for the host page, so its memory cannot be read.');
  return { openMs, trace, rendererPid: trace.rendererPid };
}

/** Scrolls the list with the mouse wheel, by jumps to random positions (as a scrollbar drag does), and by keyboard. */
async function scrollList(browser: Browser, page: Page, host: TestHost) {
  const list = page.getByTestId('library-list');
  const box = await list.boundingBox();
  if (!box) throw new Error('The library list is not on screen.');
  await resetPageMonitor(page);
  await startTrace(browser, page);

  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let step = 0; step < 150; step++) {
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(16);
  }
  for (let jump = 0; jump < 30; jump++) {
    const fraction = (jump * 0.37) % 1;
    await list.evaluate((element, at) => element.scrollTo({ top: at * element.scrollHeight }), fraction);
    await page.evaluate(TWO_FRAMES);
  }
  await list.focus();
  for (const key of ['Home', ...Array<string>(20).fill('PageDown'), 'End', 'Home']) {
    await page.keyboard.press(key);
    await page.evaluate(TWO_FRAMES);
  }

  const trace = await stopTrace(browser, host.origin);
  const monitor = await readPageMonitor(page);
  return { trace, monitor };
}

/** Returns the search text of a `library.list` request body, '' for none. */
function listQueryText(postData: string | null): string {
  const [query] = JSON.parse(postData ?? '[{}]') as [{ text?: string }];
  return query.text ?? '';
}

/**
 * Runs one typing step and waits until the list shows its result: the response to the final
 * query (an earlier, shorter query can match as many songs), then the matching row count. An
 * empty query sends no request, because the store shows the whole-library list it kept.
 */
async function searchStep(browser: Browser, page: Page, host: TestHost, label: string, type: () => Promise<void>, text: string): Promise<SearchStep> {
  const query = text.trim();
  const matches = host.core.library.list(query === '' ? {} : { text: query }).length;
  const finalResponse =
    query === ''
      ? null
      : page.waitForResponse((response) => response.url().endsWith('/rpc/library:list') && listQueryText(response.request().postData()) === query, {
          timeout: RESULT_TIMEOUT_MS,
        });
  await resetPageMonitor(page);
  await startTrace(browser, page);

  await type();
  const lastKey = performance.now();
  await finalResponse;
  await waitForListCount(page, matches);
  await page.evaluate(TWO_FRAMES);
  const resultMs = performance.now() - lastKey;

  const trace = await stopTrace(browser, host.origin);
  const monitor = await readPageMonitor(page);
  return { label, matches, resultMs, trace, maxFrameGapMs: monitor.maxFrameGapMs };
}

async function typeSearch(browser: Browser, page: Page, host: TestHost): Promise<SearchStep[]> {
  const field = page.getByTestId('library-search');
  await field.click();
  // Each step ends with its last keystroke, so that the step's result time starts there.
  const typeText = (text: string) => async () => {
    for (const [index, character] of [...text].entries()) {
      if (index > 0) await page.waitForTimeout(KEY_DELAYS_MS[index % KEY_DELAYS_MS.length] ?? 200);
      await page.keyboard.type(character);
    }
  };
  const clear = async () => {
    await field.press('Control+A');
    await field.press('Backspace');
  };

  return [
    await searchStep(browser, page, host, 'type "neon"', typeText('neon'), 'neon'),
    await searchStep(browser, page, host, 'type " rain" (now "neon rain")', typeText(' rain'), 'neon rain'),
    await searchStep(browser, page, host, 'clear the field (whole library)', clear, ''),
    await searchStep(browser, page, host, 'type "synthwave"', typeText('synthwave'), 'synthwave'),
    await searchStep(browser, page, host, 'clear the field (whole library)', clear, ''),
  ];
}

/** Parses the whole list response in the page, to separate JSON parsing from rendering. */
async function measureListParse(page: Page): Promise<BenchResults['listParse']> {
  return page.evaluate(`(async () => {
    const response = await fetch('/rpc/library:list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"sort":"added"}]' });
    const text = await response.text();
    const started = performance.now();
    JSON.parse(text);
    return { bytes: text.length, parseMs: performance.now() - started };
  })()`);
}

async function settledMemory(cdp: CDPSession, rendererPid: number): Promise<MemorySample> {
  await cdp.send('HeapProfiler.collectGarbage');
  return sampleMemory(cdp, rendererPid);
}

/** Opens the 12-stem song, plays it for PLAY_SECONDS and samples memory every MEMORY_SAMPLE_MS. */
async function playTwelveStems(browser: Browser, page: Page, host: TestHost, cdp: CDPSession, rendererPid: number) {
  await page.locator(`[data-testid="library-row"][data-song-id="${TWELVE_STEM_SONG_ID}"]`).click();
  const player = page.getByTestId('player');
  await player.and(page.locator('[data-status="ready"]')).waitFor({ timeout: 120_000 });
  const lanes = await page.getByTestId('player-lane').count();
  const loaded = await sampleMemory(cdp, rendererPid);

  await resetPageMonitor(page);
  await startTrace(browser, page);
  // The page stamps the click itself: the host shares this Node process, and its first waveform
  // computation for the song can delay Playwright's calls by a second or more.
  await page.evaluate(PLAY_CLICK_STAMP);
  await page.getByTestId('player-play').click();
  const samples: MemorySample[] = [];
  const statuses = new Set<string>();
  const until = performance.now() + PLAY_SECONDS * 1000;
  while (performance.now() < until) {
    await page.waitForTimeout(MEMORY_SAMPLE_MS);
    samples.push(await sampleMemory(cdp, rendererPid));
    statuses.add((await player.getAttribute('data-status')) ?? 'none');
  }
  const { playedSeconds, positionText } = (await page.evaluate(PLAY_POSITION)) as { playedSeconds: number; positionText: string };
  const trace = await stopTrace(browser, host.origin);
  await page.getByTestId('player-play').click();

  const [minutes, seconds] = positionText.split(':');
  const positionSeconds = Number(minutes) * 60 + Number(seconds);
  return { lanes, loaded, samples, statuses: [...statuses], playedSeconds, positionSeconds, trace };
}

async function main(): Promise<void> {
  setRootLogger(createLogger({ level: 'silent' }));
  // The host serves the built renderer, so the numbers describe whatever `npm run build` last wrote.
  if (!existsSync(path.join('dist', 'renderer', 'index.html'))) {
    throw new Error('dist/renderer/index.html is missing: run `npm run build` in the repository root first.');
  }
  const started = performance.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-renderer-bench-'));
  let host: TestHost | null = null;
  let browser: Browser | null = null;
  try {
    const libraryDir = path.join(scratch, 'Library');
    generateLibrary(libraryDir, { songs: SONGS });
    const mp3Bytes = await writeTwelveStemSong(libraryDir, Math.max(1, os.availableParallelism()));
    host = await startTestHost({ libraryDir });
    await host.core.setKey(DEFAULT_SIMULATOR_KEY);

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: VIEWPORT });
    await installPageMonitor(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const open = await openLibrary(browser, page, host);
    const rowsAtRest = await page.getByTestId('library-row').count();
    const scroll = await scrollList(browser, page, host);
    const search = await typeSearch(browser, page, host);
    const listParse = await measureListParse(page);
    const listMemory = await settledMemory(cdp, open.rendererPid);
    const play = await playTwelveStems(browser, page, host, cdp, open.rendererPid);

    const results: BenchResults = {
      songs: host.core.library.list({}).length,
      openMs: open.openMs,
      openTrace: open.trace,
      rowsAtRest,
      scroll,
      search,
      listParse,
      listMemory,
      play: { ...play, mp3Bytes },
      // Twelve stereo stems in 32-bit float samples.
      wholeDecodeBytes: 12 * STEM_SECONDS * SAMPLE_RATE * 2 * 4,
      viewport: VIEWPORT,
      chromiumVersion: browser.version(),
      loadAverages: [loadBefore, os.loadavg()[0] ?? 0],
      runSeconds: (performance.now() - started) / 1000,
    };
    process.stdout.write(formatReport(results));
  } finally {
    await browser?.close();
    await host?.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
