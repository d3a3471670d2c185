// Probes of the renderer benchmark: an in-page monitor of long tasks and frame gaps, main-thread
// task durations from a Chromium trace, and the page's memory from CDP and from /proc.
import { readFile } from 'node:fs/promises';
import type { Browser, CDPSession, Page } from '@playwright/test';

/** What the in-page monitor collected since its last reset. */
export interface PageMonitorReport {
  /** Maximum task duration the Long Tasks API reported, in ms; it reports only tasks over 50 ms. */
  maxLongTaskMs: number;
  longTaskCount: number;
  /** Maximum gap between two animation frames, in ms. */
  maxFrameGapMs: number;
  /** Maximum number of library rows in the DOM at any animation frame. */
  maxRows: number;
}

/**
 * Source of the in-page monitor: a PerformanceObserver for long tasks and a requestAnimationFrame
 * loop that records frame gaps and the number of library rows in the DOM. It is browser
 * JavaScript in a string because this file is type-checked without the DOM library.
 */
const PAGE_MONITOR_SOURCE = `(() => {
  const fresh = () => ({ maxLongTaskMs: 0, longTaskCount: 0, maxFrameGapMs: 0, maxRows: 0 });
  let state = fresh();
  let lastFrame = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      state.longTaskCount++;
      state.maxLongTaskMs = Math.max(state.maxLongTaskMs, entry.duration);
    }
  }).observe({ type: 'longtask' });
  const frame = (time) => {
    if (lastFrame > 0) state.maxFrameGapMs = Math.max(state.maxFrameGapMs, time - lastFrame);
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
  /** Wall-clock duration in µs. */
  dur?: number;
  /** Thread CPU time in µs, which excludes time the thread waited for a core. */
  tdur?: number;
  args?: { name?: string; data?: { frames?: { processId?: number; url?: string }[] } };
}

/** Main-thread work of the page during a traced phase. */
export interface TraceReport {
  rendererPid: number | null;
  /** Maximum wall-clock duration of a task on the page's renderer main thread, in ms. */
  maxTaskMs: number;
  /** Maximum thread CPU time of a task on that thread, in ms; lower than wall time on a busy machine. */
  maxTaskCpuMs: number;
  /** Tasks over 50 ms of wall-clock time on that thread. */
  tasksOver50Ms: number;
}

/** Categories whose `RunTask` events mark each task of a thread, as the DevTools performance panel shows them. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'];

export async function startTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
}

/** Stops the trace and finds the maximum `RunTask` durations on the main thread of the renderer showing `origin`. */
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

  let maxTaskMs = 0;
  let maxTaskCpuMs = 0;
  let tasksOver50Ms = 0;
  for (const event of events) {
    if (event.name !== 'RunTask' || event.ph !== 'X' || !mainThread || event.pid !== mainThread.pid || event.tid !== mainThread.tid) continue;
    const ms = (event.dur ?? 0) / 1000;
    maxTaskMs = Math.max(maxTaskMs, ms);
    maxTaskCpuMs = Math.max(maxTaskCpuMs, (event.tdur ?? 0) / 1000);
    if (ms > 50) tasksOver50Ms++;
  }
  return { rendererPid, maxTaskMs, maxTaskCpuMs, tasksOver50Ms };
}

/** Memory of the page's renderer process. */
export interface MemorySample {
  /** V8 heap in use (CDP Performance.getMetrics JSHeapUsedSize), in bytes. */
  jsHeapUsedBytes: number;
  /** Resident set size of the renderer process (/proc/<pid>/status VmRSS), in bytes. */
  rendererRssBytes: number;
}

/** Reads a process's resident set size from the VmRSS line of /proc/<pid>/status. */
async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`/proc/${pid}/status has no VmRSS line; is the renderer process still running?`);
  return Number(kilobytes) * 1024;
}

export async function sampleMemory(cdp: CDPSession, rendererPid: number): Promise<MemorySample> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const jsHeapUsedBytes = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  return { jsHeapUsedBytes, rendererRssBytes: await rssBytes(rendererPid) };
}
