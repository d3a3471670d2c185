// The main flow in Chromium against the loopback host, which runs the real core and the crun.ai
// simulator. The tests set the key, look up a generation and separate one song in each mode.
// Then they find the stems in the library and on disk, play and drag them, and save screenshots.
import { expect, test, type Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestHost, type TestHost } from '../host/start-host.js';
import { SEED_IDS } from '../simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';

const SCREENSHOTS = path.join('test-results', 'screenshots');
/** Time allowed for a separation to finish. The host polls the simulator every second, so seconds are usual. */
const SEPARATION_TIMEOUT_MS = 90_000;

let host: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  host = await startTestHost();
});

test.afterAll(async () => {
  await host?.close();
});

/** Returns the song folders in the library that hold a manifest, with their audio files. */
async function librarySongFolders(libraryDir: string): Promise<{ folder: string; audio: string[] }[]> {
  const folders: { folder: string; audio: string[] }[] = [];
  for (const entry of await readdir(libraryDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(libraryDir, entry.name));
    if (!files.includes('stemcrate.json')) continue;
    folders.push({ folder: entry.name, audio: files.filter((file) => file.endsWith('.mp3')) });
  }
  return folders;
}

/** Saves a full-page screenshot from the top, so the sticky navigation bar sits where it belongs. */
async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

async function lookUpAndSubmit(page: Page, generationTaskId: string, sunoId: string, mode: 'vocal' | 'instrumental'): Promise<void> {
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

test('separate, play and drag stems', async ({ page }) => {
  test.setTimeout(4 * SEPARATION_TIMEOUT_MS);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url);

  // 1. First run: the key screen, with the sandbox note, and a key typed by the user.
  await expect(page.getByTestId('key-screen')).toBeVisible();
  await expect(page.getByTestId('sandbox-note')).toBeVisible();
  await expect(page.getByTestId('key-input')).toHaveValue('');
  await expect(page.getByTestId('key-input')).toHaveAttribute('type', 'password');
  await page.getByTestId('key-input').fill('wrong-key');
  await page.getByTestId('set-key-button').click();
  await page.getByTestId('test-key-button').click();
  await expect(page.getByTestId('error-notice')).toHaveAttribute('data-code', 'invalid_key');
  await page.getByTestId('key-input').fill(DEFAULT_SIMULATOR_KEY);
  await page.getByTestId('set-key-button').click();
  await page.getByTestId('test-key-button').click();
  await expect(page.getByTestId('key-test-ok')).toContainText('Balance');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'key-screen.png') });
  await page.getByTestId('continue-button').click();

  // 2. Look up a generation and separate one song in each mode.
  await lookUpAndSubmit(page, SEED_IDS.midnightTask, SEED_IDS.midnightSong, 'vocal');
  await expect(page.getByTestId('song-row')).toHaveCount(2);
  await saveScreenshot(page, 'new-separation.png');
  await lookUpAndSubmit(page, SEED_IDS.paperTask, SEED_IDS.paperSong, 'instrumental');

  // 3. The queue follows both tasks to the end through task events.
  await page.getByTestId('nav-queue').click();
  const rows = page.getByTestId('task-row');
  await expect(rows).toHaveCount(2);
  await saveScreenshot(page, 'queue-running.png');
  await expect(page.locator('[data-testid="task-row"][data-state="done"]')).toHaveCount(2, { timeout: SEPARATION_TIMEOUT_MS });
  await saveScreenshot(page, 'queue.png');

  // 4. The library lists both songs.
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('library-row')).toHaveCount(2);
  await expect(page.getByTestId('library-summary')).toContainText('2 songs');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'library.png') });

  // 5. The files are on disk, one folder per song with a manifest and the stems.
  const folders = await librarySongFolders(host.libraryDir);
  expect(folders).toHaveLength(2);
  const audioCounts = folders.map((folder) => folder.audio.length).sort((a, b) => a - b);
  expect(audioCounts[0]).toBeGreaterThanOrEqual(2);
  expect(audioCounts[1]).toBeGreaterThanOrEqual(12);
  for (const folder of folders) {
    const manifest = JSON.parse(await readFile(path.join(host.libraryDir, folder.folder, 'stemcrate.json'), 'utf8')) as { stems: { fileName: string }[] };
    expect(manifest.stems.map((stem) => stem.fileName).sort()).toEqual([...folder.audio].sort());
  }

  // 6. The instrumental song: one stem row per file, and a player lane per stem.
  await page.getByTestId('library-row').filter({ hasText: 'Paper Satellites' }).click();
  await expect(page.getByTestId('song-view')).toBeVisible();
  const instrumentalFolder = folders.find((folder) => folder.audio.length >= 12);
  await expect(page.getByTestId('stem-row')).toHaveCount(instrumentalFolder?.audio.length ?? 0);
  await expect(page.getByTestId('player')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('player-lane')).toHaveCount(instrumentalFolder?.audio.length ?? 0);

  // 7. Play all stems together: the playhead advances, so the AudioContext runs.
  await page.getByTestId('player-play').click();
  await expect(page.getByTestId('player-position')).not.toHaveText('0:00.0', { timeout: 10_000 });
  const first = await page.getByTestId('player-position').textContent();
  await expect(page.getByTestId('player-position')).not.toHaveText(first ?? '', { timeout: 10_000 });
  // Dragging across a waveform sets a loop region on every lane.
  const wave = page.locator('.lane-wave').first();
  const box = await wave.boundingBox();
  expect(box).not.toBeNull();
  if (box) {
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }
  await expect(page.getByTestId('player-lanes')).toHaveClass(/has-loop/);
  await expect(page.getByTestId('clear-loop')).toBeEnabled();
  await saveScreenshot(page, 'song-view.png');
  await page.getByTestId('clear-loop').click();
  await expect(page.getByTestId('player-lanes')).not.toHaveClass(/has-loop/);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('player-play')).toHaveText('Play');

  // 8. Play one stem alone: the preview audio element's currentTime advances.
  await page.getByTestId('stem-play').first().click();
  const preview = page.getByTestId('preview-audio');
  await expect(preview).toHaveCount(1);
  await expect.poll(() => preview.evaluate((element: HTMLAudioElement) => element.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
  await page.getByTestId('stem-play').first().click();

  // 9. Dragging a stem sends main a drag request, which main resolves to a file inside the library.
  await page.getByTestId('stem-row').first().dispatchEvent('dragstart');
  await expect.poll(() => host.http.dragRequests.length).toBe(1);
  const dragged = host.http.dragRequests[0] ?? [];
  expect(dragged).toHaveLength(1);
  expect(path.resolve(dragged[0] ?? '').startsWith(path.resolve(host.libraryDir))).toBe(true);

  // Dragging one of several selected stems carries the selection, and the handle carries them all.
  const stemRows = page.getByTestId('stem-row');
  await stemRows.nth(1).locator('input[type="checkbox"]').check();
  await stemRows.nth(2).locator('input[type="checkbox"]').check();
  await stemRows.nth(2).dispatchEvent('dragstart');
  await expect.poll(() => host.http.dragRequests.length).toBe(2);
  expect(host.http.dragRequests[1]).toHaveLength(2);
  await page.getByText(/Drag all \d+ stems/).dispatchEvent('dragstart');
  await expect.poll(() => host.http.dragRequests.length).toBe(3);
  expect(host.http.dragRequests[2]).toHaveLength(instrumentalFolder?.audio.length ?? 0);

  expect(pageErrors).toEqual([]);
});

test('duplicate submission warns before paying again', async ({ page }) => {
  await page.goto(host.url);
  await lookUpAndSubmitExpectingDuplicate(page);
  await expect(page.getByTestId('duplicate-warning')).toContainText('costs credits again');
  await saveScreenshot(page, 'duplicate-warning.png');

  await page.getByTestId('confirm-duplicate-button').click();
  await expect(page.getByTestId('submit-outcomes')).toContainText('Submitted “Midnight Addiction”');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByTestId('task-row')).toHaveCount(3);
});

async function lookUpAndSubmitExpectingDuplicate(page: Page): Promise<void> {
  await page.getByTestId('nav-separate').click();
  await page.getByTestId('lookup-input').fill(SEED_IDS.midnightTask);
  await page.getByTestId('lookup-button').click();
  const songRow = page.locator(`[data-testid="song-row"][data-suno-id="${SEED_IDS.midnightSong}"]`);
  await expect(songRow).toContainText('Sent before');
  await songRow.locator('input[type="checkbox"]').check();
  await page.getByTestId('mode-vocal').check();
  await page.getByTestId('submit-button').click();
}

test('library search, filters and keyboard', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-library').click();
  const rows = page.getByTestId('library-row');
  await expect(rows).toHaveCount(2);

  // Search as you type, debounced.
  await page.getByTestId('library-search').fill('paper sat');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Paper Satellites');
  await page.getByTestId('library-search').fill('no such song');
  await expect(page.getByTestId('library-no-match')).toContainText('No songs match');
  await page.getByTestId('library-search').fill('');
  await expect(rows).toHaveCount(2);

  // Mode filter.
  await page.getByTestId('library-mode-filter').selectOption('instrumental');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Paper Satellites');
  await page.getByTestId('library-mode-filter').selectOption('');
  await expect(rows).toHaveCount(2);

  // Favourites: mark one song, then filter on it.
  await rows.filter({ hasText: 'Midnight Addiction' }).click();
  await page.getByTestId('favourite-button').click();
  await expect(page.getByTestId('favourite-button')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('nav-library').click();
  await page.getByLabel('Favourites').check();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Midnight Addiction');
  await page.getByLabel('Favourites').uncheck();
  await expect(rows).toHaveCount(2);

  // Keyboard: focus the list, move with the arrows, open with Enter.
  await page.getByTestId('library-sort').selectOption('title');
  await expect(rows.first()).toContainText('Midnight Addiction');
  await page.getByTestId('library-list').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('song-view')).toContainText('Paper Satellites');
});

test('settings reject invalid values', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('key-status')).not.toHaveText('No key is set.');
  await expect(page.getByTestId('library-folder')).toHaveValue(host.libraryDir);

  // The form's own limits stop a poll interval of 0 s before main is asked.
  const pollInterval = page.getByLabel('Check running separations every (seconds)');
  await pollInterval.fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  expect(await pollInterval.evaluate((input: HTMLInputElement) => input.validity.rangeUnderflow)).toBe(true);
  await pollInterval.fill('20');

  // Main rejects an API address that is not a URL, and the form shows why.
  await page.getByText('Advanced').click();
  await page.getByLabel('API address').fill('not a url');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('error-notice')).toContainText('apiBase');
  await saveScreenshot(page, 'settings.png');

  await page.getByLabel('API address').fill(host.simulator.url);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
});
