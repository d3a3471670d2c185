// Steps shared by the Playwright specs: screenshots, collecting page errors, submitting a song,
// and finding a song's folder in the library on disk.
import { expect, type Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export const SCREENSHOTS = path.join('test-results', 'screenshots');

/** Time allowed for a separation to finish. The hosts poll the simulator every second, so seconds are usual. */
export const SEPARATION_TIMEOUT_MS = 90_000;

/** Saves a full-page screenshot from the top, so the sticky navigation bar sits where it belongs. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

/**
 * Collects uncaught page errors, console errors and HTTP responses of 400 and above, so a test
 * can assert at its end that the page had none.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return errors;
}

/** Looks up a generation in the New separation view and submits one of its songs in one mode. */
export async function lookUpAndSubmit(page: Page, generationTaskId: string, sunoId: string, mode: 'vocal' | 'instrumental'): Promise<void> {
  await page.getByTestId('nav-separate').click();
  await page.getByTestId('lookup-input').fill(generationTaskId);
  await page.getByTestId('lookup-button').click();
  const songRow = page.locator(`[data-testid="song-row"][data-suno-id="${sunoId}"]`);
  await expect(songRow).toBeVisible();
  await songRow.locator('input[type="checkbox"]').check();
  await page.getByTestId(`mode-${mode}`).check();
  await page.getByTestId('submit-button').click();
  await expect(page.getByTestId('submit-outcomes')).toContainText('Submitted');
}

/** Returns the song folders in the library that hold a manifest, with their MP3 files and Suno id. */
export async function librarySongFolders(libraryDir: string): Promise<{ folder: string; audio: string[]; sunoId: string | null }[]> {
  const folders: { folder: string; audio: string[]; sunoId: string | null }[] = [];
  for (const entry of await readdir(libraryDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(libraryDir, entry.name));
    if (!files.includes('stemcrate.json')) continue;
    const manifest = JSON.parse(await readFile(path.join(libraryDir, entry.name, 'stemcrate.json'), 'utf8')) as { song: { sunoId: string | null } };
    folders.push({ folder: entry.name, audio: files.filter((file) => file.endsWith('.mp3')), sunoId: manifest.song.sunoId });
  }
  return folders;
}
