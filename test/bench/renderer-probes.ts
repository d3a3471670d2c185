// Probes of the renderer benchmark: an in-page monitor of long tasks and frame gaps, main-thread
// task durations from a Chromium trace, and the page's memory from CDP and from /proc.
import { readFile } from 'node:fs/promises';
import type { Browser, CDPSession, Page } from '@playwright/test';

/** What the in-page monitor collected since its last reset. */
export interface PageMonitorReport {
  /** Longest task the Long Tasks API reported, in ms; it reports only tasks over 50 ms. */
  longestLongTaskMs: number;
  longTaskCount: number;
  /** Longest gap between two animation frames, in ms. */
  longestFrameGapMs: number;
  /** Most library rows in the DOM at any animation frame. */
  maxRows: number;
}

/**
 * The in-page monitor, as browser JavaScript: a PerformanceObserver for long tasks and a
 * requestAnimationFrame loop that records frame gaps and the number of library rows in the DOM.
 * It is a string because this file is type-checked without the DOM library.
 */
const PAGE_MONITOR_SOURCE = `(() => {
  const fresh = () => ({ longestLongTaskMs: 0, longTaskCount: 0, longestFrameGapMs: 0, maxRows: 0 });
  let state = fresh();
  let lastFrame = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTaskCount++;
      state.longestLongTaskMs = Math.max(state.longestLongTaskMs, entry.duration);
    }
  }).observe({ type: 'longtask' });
  const frame = (time) => {
    if (lastFrame > 0) state.longestFrameGapMs = Math.max(state.longestFrameGapMs, time - lastFrame);
    lastFrame = time;
    state.maxRows = Math.max(state.maxRows, document.querySelectorAll('[data-testid="library-row"]').length);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  window.benchMonitor = {
    reset: () => { state = fresh(); lastFrame = 0; },
    read: () => ({ ...state }),
  };
})();`;

/** Installs the in-page monitor, so it runs before the app's own scripts on every navigation. */
export async function installPageMonitor(page: Page): Promise<void> {
  await page.addInitScript({ content: PAGE_MONITOR_SOURCE });
}

interface MonitorGlobal {
  benchMonitor: { reset(): void; read(): PageMonitorReport };
}

export async function resetPageMonitor(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as MonitorGlobal).benchMonitor.reset());
}

export async function readPageMonitor(page: Page): Promise<PageMonitorReport> {
  return page.evaluate(() => (globalThis as unknown as MonitorGlobal).benchMonitor.read());
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string; data?: { frames?: { processId?: number; url?: string }[] } };
}

/** Main-thread work of the page during a traced phase. */
export interface TraceReport {
  rendererPid: number | null;
  /** Longest task on the page's renderer main thread, in ms. */
  longestTaskMs: number;
  /** Tasks over 50 ms on that thread. */
  tasksOver50Ms: number;
}

/** Categories whose `RunTask` events mark each task of a thread, as the DevTools performance panel shows them. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'];

export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
}

/** Stops the trace and finds the longest `RunTask` on the main thread of the renderer showing `origin`. */
export async function stopTrace(browser: Browser, origin: string): Promise<TraceReport> {
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);

  let rendererPid: number | null = null;
  for (const event of events) {
    const frame = event.name === 'TracingStartedInBrowser' ? event.args?.data?.frames?.find((item) => item.url?.startsWith(origin)) : undefined;
    if (frame?.processId !== undefined) rendererPid = frame.processId;
  }
  const mainThread = events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.pid === rendererPid && event.args?.name === 'CrRendererMain');

  let longestTaskMs = 0;
  let tasksOver50Ms = 0;
  for (const event of events) {
    if (event.name !== 'RunTask' || event.ph !== 'X' || !mainThread || event.pid !== mainThread.pid || event.tid !== mainThread.tid) continue;
    const ms = (event.dur ?? 0) / 1000;
    longestTaskMs = Math.max(longestTaskMs, ms);
    if (ms > 50) tasksOver50Ms++;
  }
  return { rendererPid, longestTaskMs, tasksOver50Ms };
}

/** Memory of the page's renderer process. */
export interface MemorySample {
  /** V8 heap in use (CDP Performance.getMetrics JSHeapUsedSize), in bytes. */
  jsHeapUsedBytes: number;
  /** Resident set size of the renderer process (/proc/<pid>/status VmRSS), in bytes. */
  rendererRssBytes: number;
}

async function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`/proc/${pid}/status has no ${field} line.`);
  return Number(kilobytes) * 1024;
}

export async function sampleMemory(cdp: CDPSession, rendererPid: number): Promise<MemorySample> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const jsHeapUsedBytes = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  return { jsHeapUsedBytes, rendererRssBytes: await procStatusBytes(rendererPid, 'VmRSS') };
}

/** Peak resident set size of the renderer process since it started (VmHWM), in bytes. */
export function peakRss(rendererPid: number): Promise<number> {
  return procStatusBytes(rendererPid, 'VmHWM');
}
