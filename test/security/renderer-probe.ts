// Drives the built renderer in Chromium against the loopback host and collects what a page could
// expose: the DOM, input values, web storage, cookies, console output and every text response.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
/** Content types of the responses whose bodies are kept: pages, scripts, styles and JSON. */
const TEXT_TYPES = /^(text\/|application\/json|application\/javascript)/;
/** Maximum wait for one page action, in ms. */
const ACTION_TIMEOUT_MS = 15_000;

/**
 * Returns why the key screen cannot be driven, or null when it can: the renderer must be built
 * (`node tools/build.mjs`) and its bundle must contain the key form.
 */
export function rendererUnavailable(): string | null {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) return 'dist/renderer/index.html is missing; run node tools/build.mjs';
  const assets = path.join(RENDERER_DIR, 'assets');
  const bundles = existsSync(assets) ? readdirSync(assets).filter((name) => name.endsWith('.js')) : [];
  const hasKeyForm = bundles.some((name) => readFileSync(path.join(assets, name), 'utf8').includes('key-input'));
  return hasKeyForm ? null : 'the built renderer has no key form (data-testid "key-input")';
}

// Runs in the page, so it is a string: the Node TypeScript project has no DOM types.
const PAGE_SNAPSHOT = `(() => {
  const values = [...document.querySelectorAll('input, textarea, select')].map((element) => element.value);
  const storage = JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } });
  return [document.documentElement.outerHTML, ...values, storage, document.cookie, document.title].join('\\n');
})()`;

export class RendererProbe {
  /** Every DOM snapshot, console line and text response seen, under a label that names its source. */
  readonly captured = new Map<string, string>();
  private browser: Browser | null = null;
  private page: Page | null = null;
  private count = 0;

  async open(url: string): Promise<Page> {
    this.browser ??= await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    await this.page?.close();
    const page = await this.browser.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    page.on('console', (message) => this.keep('console', message.text()));
    page.on('pageerror', (error) => this.keep('page error', `${error.message}\n${error.stack ?? ''}`));
    page.on('response', (response) => {
      // The event stream never ends, so its body is read by HostSession instead.
      const pathname = new URL(response.url()).pathname;
      if (pathname === '/events' || !TEXT_TYPES.test(response.headers()['content-type'] ?? '')) return;
      void response.text().then(
        (text) => this.keep(`response ${pathname}`, text),
        () => undefined,
      );
    });
    await page.goto(url);
    this.page = page;
    return page;
  }

  /** Stores the page's DOM, input values, storage and cookies under `label`. */
  async snapshot(label: string): Promise<void> {
    if (!this.page) throw new Error('snapshot: no page is open');
    this.keep(`DOM ${label}`, (await this.page.evaluate(PAGE_SNAPSHOT)) as string);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    this.browser = null;
    this.page = null;
  }

  private keep(label: string, text: string): void {
    this.count += 1;
    this.captured.set(`${label} #${this.count}`, text);
  }
}
