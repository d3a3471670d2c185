// The main flow in Chromium against the loopback host, which runs the real core and the crun.ai
// simulator. The tests set the key, look up a generation and separate one song in each mode.
// Then they find the stems in the library and on disk, play and drag them, separate one song a
// second time, and save screenshots.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestHost, type TestHost } from '../host/start-host.js';
import { SEED_IDS } from '../simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { collectPageErrors, librarySongFolders, lookUpAndSubmit, saveScreenshot, SCREENSHOTS, SEPARATION_TIMEOUT_MS } from './helpers.js';

let host: TestHost;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // The simulator's key is passed on, so the key form shows it as the sandbox hint.
  host = await startTestHost({ simulator: { apiKeys: [DEFAULT_SIMULATOR_KEY] } });
});

test.afterAll(async () => {
  await host?.close();
});

test('separate, play and drag stems', async ({ page }) => {
  test.setTimeout(4 * SEPARATION_TIMEOUT_MS);
  const pageErrors = collectPageErrors(page);
  // The player draws waveforms from main's cached peaks; it warns when it must decode a stem itself.
  const waveformFallbacks: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('no waveform')) waveformFallbacks.push(message.text());
  });
  const peakRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/rpc/library:peaks')) peakRequests.push(request.postData() ?? '');
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url);

  // 1. First run: the key screen, with the sandbox note, and a key typed by the user.
  await expect(page.getByTestId('key-screen')).toBeVisible();
  await expect(page.getByTestId('sandbox-note')).toBeVisible();
  await expect(page.getByTestId('sandbox-key-hint')).toHaveText(DEFAULT_SIMULATOR_KEY);
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
  // No instrumental task has been charged yet, so there is no price to show.
  await expect(page.getByTestId('cost-estimate')).toHaveText(/^The cost is known once your first instrumental separation has finished/);

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
  await expect.poll(() => peakRequests.length).toBe(instrumentalFolder?.audio.length ?? 0);

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

  // 10. Another view opens at its top, not at the song page's scroll position.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await page.getByTestId('nav-queue').click();
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  expect(waveformFallbacks).toEqual([]);
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
  await expect(page.locator('[data-testid="task-row"][data-state="done"]')).toHaveCount(3, { timeout: SEPARATION_TIMEOUT_MS });

  // Two separations of one mode form two stem groups, each heading naming its task id.
  await page.getByTestId('nav-library').click();
  await page.getByTestId('library-row').filter({ hasText: 'Midnight Addiction' }).click();
  const groups = page.getByTestId('stem-group');
  await expect(groups).toHaveCount(2);
  const headings = await groups.locator('h3').allTextContents();
  for (const heading of headings) expect(heading).toMatch(/^Vocal separation, task \S{8}$/);
  expect(new Set(headings).size).toBe(2);
  const stemsPerGroup = await groups.first().getByTestId('stem-row').count();
  expect(stemsPerGroup).toBeGreaterThanOrEqual(2);
  await expect(groups.nth(1).getByTestId('stem-row')).toHaveCount(stemsPerGroup);

  // The player offers both separations and loads the one chosen.
  const choice = page.getByTestId('player-choice');
  await expect(choice.locator('option')).toHaveCount(2);
  await expect(page.getByTestId('player')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const firstLane = await page.getByTestId('player-lane').first().getAttribute('data-stem-id');
  const olderTaskId = await choice.locator('option').nth(1).getAttribute('value');
  await choice.selectOption(olderTaskId ?? '');
  await expect(page.getByTestId('player-lane').first()).not.toHaveAttribute('data-stem-id', firstLane ?? '');
  await expect(page.getByTestId('player')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('player-lane')).toHaveCount(stemsPerGroup);
  await saveScreenshot(page, 'song-two-separations.png');
});

test('a failed look-up shows its error and no options', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-separate').click();
  await page.getByTestId('lookup-input').fill('no-such-task');
  await page.getByTestId('lookup-button').click();
  await expect(page.getByTestId('error-notice')).toContainText('no task with id no-such-task');
  await expect(page.getByTestId('submit-button')).toHaveCount(0);
  await expect(page.getByTestId('cost-estimate')).toHaveCount(0);
});

test('settings confirm a replaced key', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('key-input').fill(DEFAULT_SIMULATOR_KEY);
  await page.getByRole('button', { name: 'Replace key' }).click();
  await expect(page.getByTestId('key-saved')).toHaveText('Key saved. Use Test to check it with crun.ai.');
  // Typing again makes the confirmation out of date.
  await page.getByTestId('key-input').fill('x');
  await expect(page.getByTestId('key-saved')).toHaveCount(0);
});

async function lookUpAndSubmitExpectingDuplicate(page: Page): Promise<void> {
  await page.getByTestId('nav-separate').click();
  await page.getByTestId('lookup-input').fill(SEED_IDS.midnightTask);
  await page.getByTestId('lookup-button').click();
  const songRow = page.locator(`[data-testid="song-row"][data-suno-id="${SEED_IDS.midnightSong}"]`);
  await expect(songRow).toContainText('Sent before');
  await songRow.locator('input[type="checkbox"]').check();
  await page.getByTestId('mode-vocal').check();
  // The simulator charges 1 credit per vocal task, and the first test finished one.
  await expect(page.getByTestId('cost-estimate')).toHaveText('Estimated cost: about 1 credit for 1 song (your last vocal separation cost 1 credit).');
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
  // Clearing the search shows the whole library it already has, without asking main again.
  const listRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/rpc/library:list')) listRequests.push(request.postData() ?? '');
  });
  await page.getByTestId('library-search').fill('');
  await expect(rows).toHaveCount(2);
  expect(listRequests).toEqual([]);

  // Mode filter.
  await page.getByTestId('library-mode-filter').selectOption('instrumental');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Paper Satellites');
  await page.getByTestId('library-mode-filter').selectOption('');
  await expect(rows).toHaveCount(2);

  // Favourites: mark one song, then filter on it.
  await rows.filter({ hasText: 'Midnight Addiction' }).click();
  const requestsBeforeChange = listRequests.length;
  await page.getByTestId('favourite-button').click();
  await expect(page.getByTestId('favourite-button')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('nav-library').click();
  // The change makes the kept whole-library list out of date, so it is fetched again.
  const isWholeLibrary = (body: string): boolean => !body.includes('"text"') && !body.includes('favouritesOnly');
  await expect.poll(() => listRequests.slice(requestsBeforeChange).filter(isWholeLibrary).length).toBeGreaterThan(0);
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
