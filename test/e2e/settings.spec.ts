// Settings in Chromium against the loopback host. The tests cover the naming template's live
// preview and its effect on new stem files, and moving the library through a stand-in for the OS
// folder picker. They also cover the errors a move can meet and values the form or main rejects.
import { expect, test, type Page } from '@playwright/test';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, type TestHost } from '../host/start-host.js';
import { generateLibrary } from '../library/generate-library.js';
import { SEED_IDS } from '../simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { collectPageErrors, librarySongFolders, lookUpAndSubmit, saveScreenshot, SEPARATION_TIMEOUT_MS } from './helpers.js';

test.describe.configure({ mode: 'serial' });

const GENERATED_SONGS = 3;
/** A top-level symbolic link in the library, which a move leaves behind and reports. */
const LINK_NAME = 'notes-link.txt';

let scratch: string;
let pickerHost: TestHost;
/** Folders the stand-in picker returns, in order. A null is a picker closed without a choice. */
const pickerAnswers: (string | null)[] = [];
let pickerCalls = 0;

test.beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-settings-e2e-'));
  const libraryDir = path.join(scratch, 'Library');
  generateLibrary(libraryDir, { songs: GENERATED_SONGS });
  await writeFile(path.join(scratch, 'notes.txt'), 'outside the library\n');
  await symlink(path.join(scratch, 'notes.txt'), path.join(libraryDir, LINK_NAME));

  pickerHost = await startTestHost({
    libraryDir,
    pickFolder: async () => {
      pickerCalls++;
      return pickerAnswers.shift() ?? null;
    },
  });
  await pickerHost.core.setKey(DEFAULT_SIMULATOR_KEY);
});

test.afterAll(async () => {
  await pickerHost?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function openSettings(page: Page, host: TestHost): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('library-folder')).toHaveValue(host.core.library.root);
}

test('naming template preview and its files', async ({ page }) => {
  test.setTimeout(3 * SEPARATION_TIMEOUT_MS);
  const pageErrors = collectPageErrors(page);
  await openSettings(page, pickerHost);
  const field = page.getByTestId('naming-template-input');
  const preview = page.getByTestId('naming-preview');
  const error = page.getByTestId('naming-template-error');
  const save = page.getByTestId('save-settings');

  // 1. The stored template shows its example names.
  await expect(field).toHaveValue('{title} - {stem}');
  await expect(preview).toContainText('Midnight Addiction/Midnight Addiction - Vocals.mp3');
  await expect(preview).toContainText('Midnight Addiction - Drums.mp3');

  // 2. A template without {stem} or {key}: main's reason under the field, and Save disabled.
  await field.fill('{title}');
  await expect(error).toContainText('needs {stem} or {key}');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(save).toBeDisabled();

  // 3. An unknown placeholder and an empty field are invalid too.
  await field.fill('{title} - {instrument}');
  await expect(error).toContainText('unknown placeholder {instrument}');
  await expect(save).toBeDisabled();
  await field.fill('');
  await expect(error).toContainText('Type a template');
  await expect(save).toBeDisabled();

  // 4. A valid template: the preview follows it, and Save stores it.
  await field.fill('{title}/{mode} - {key}');
  await expect(error).toHaveCount(0);
  await expect(preview).toContainText('Midnight Addiction/vocal - instrumental.mp3');
  await expect(preview).toContainText('Midnight Addiction/instrumental - drums.mp3');
  await expect(field).toHaveAttribute('aria-invalid', 'false');
  await expect(save).toBeEnabled();
  await save.click();
  await expect(page.getByText('Saved.')).toBeVisible();
  expect(pickerHost.core.settings.get().namingTemplate).toBe('{title}/{mode} - {key}');
  await saveScreenshot(page, 'settings-naming.png');

  // 5. A new separation names its files with the saved template. The first stem downloads are
  // held back, so the task is still downloading when the library move is tried.
  await lookUpAndSubmit(page, SEED_IDS.midnightTask, SEED_IDS.midnightSong, 'vocal');
  // Injected after the lookup, whose cover requests would use them up. Each applies to one file request.
  pickerHost.simulator.injectFaults('files', Array.from({ length: 4 }, () => ({ kind: 'delay' as const, ms: 8_000 })));
  await page.getByTestId('nav-queue').click();
  await expect(page.locator('[data-testid="task-row"][data-state="downloading"]')).toHaveCount(1, { timeout: SEPARATION_TIMEOUT_MS });

  // 6. Moving the library while stems download is refused in plain words, before the picker opens.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('move-library-button').click();
  const moveError = page.getByTestId('error-notice');
  await expect(moveError).toContainText('The library was not moved.');
  await expect(moveError).toContainText('Downloads are still running');
  expect(pickerCalls).toBe(0);

  await page.getByTestId('nav-queue').click();
  await expect(page.locator('[data-testid="task-row"][data-state="done"]')).toHaveCount(1, { timeout: SEPARATION_TIMEOUT_MS });
  const folders = await librarySongFolders(pickerHost.libraryDir);
  const song = folders.find((folder) => folder.sunoId === SEED_IDS.midnightSong);
  expect(song?.audio.length ?? 0).toBeGreaterThanOrEqual(2);
  for (const file of song?.audio ?? []) expect(file).toMatch(/^vocal - [a-z_]+\.mp3$/);

  // The song's cover downloads after its stems; a later move would be refused while it runs.
  const coverFile = () => pickerHost.core.library.list({}).find((entry) => entry.manifest.song.sunoId === SEED_IDS.midnightSong)?.manifest.coverFile;
  await expect.poll(coverFile, { timeout: 30_000 }).toBeTruthy();

  expect(pageErrors).toEqual([]);
});

test('move library through the folder picker', async ({ page }) => {
  const pageErrors = collectPageErrors(page);
  await openSettings(page, pickerHost);
  const oldFolder = pickerHost.core.library.root;
  const songCount = pickerHost.core.library.list({}).length;
  expect(songCount).toBe(GENERATED_SONGS + 1);
  const move = page.getByTestId('move-library-button');

  // 1. Closing the picker moves nothing.
  pickerAnswers.push(null);
  await move.click();
  await expect(page.getByTestId('library-move-cancelled')).toContainText('stays in');
  await expect(page.getByTestId('library-folder')).toHaveValue(oldFolder);

  // 2. A folder that is not empty is refused, with the reason and the fix.
  const occupied = path.join(scratch, 'occupied');
  await mkdir(occupied);
  await writeFile(path.join(occupied, 'keep.txt'), 'not a library\n');
  pickerAnswers.push(occupied);
  await move.click();
  const error = page.getByTestId('error-notice');
  await expect(error).toContainText('The library was not moved.');
  await expect(error).toContainText('the folder is not empty');
  await expect(page.getByTestId('library-folder')).toHaveValue(oldFolder);

  // 3. A new folder: every song moves, the link stays behind and is listed.
  const target = path.join(scratch, 'Moved library');
  pickerAnswers.push(target);
  await move.click();
  const moved = page.getByTestId('library-moved');
  await expect(moved).toContainText(`Moved ${songCount} songs to`);
  await expect(moved).toContainText(target);
  await expect(page.getByTestId('library-move-skipped')).toContainText(LINK_NAME);
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('library-folder')).toHaveValue(target);
  await expect(page.getByTestId('settings-library-summary')).toContainText(`${songCount} songs`);
  await saveScreenshot(page, 'settings-library-moved.png');
  expect(pickerCalls).toBe(3);
  expect(pickerHost.core.library.root).toBe(target);

  // 4. On disk: the songs are in the new folder, and only the link is left in the old one.
  expect(await librarySongFolders(target)).toHaveLength(songCount);
  expect(await readdir(oldFolder)).toEqual([LINK_NAME]);

  // 5. The library view reads the new folder, and a moved song's stems still play.
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('library-summary')).toContainText(target);
  await expect(page.getByTestId('library-row')).toHaveCount(songCount);
  const separated = pickerHost.core.library.list({}).find((entry) => entry.manifest.song.sunoId === SEED_IDS.midnightSong);
  await page.locator(`[data-testid="library-row"][data-song-id="${separated?.manifest.songId ?? 'missing'}"]`).click();
  await expect(page.getByTestId('song-view')).toBeVisible();
  await expect(page.getByTestId('player')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });

  expect(pageErrors).toEqual([]);
});

test.describe('browser sandbox without a folder picker', () => {
  let sandboxHost: TestHost;

  test.beforeAll(async () => {
    sandboxHost = await startTestHost({ simulator: { apiKeys: [DEFAULT_SIMULATOR_KEY] } });
    await sandboxHost.core.setKey(DEFAULT_SIMULATOR_KEY);
  });

  test.afterAll(async () => {
    await sandboxHost?.close();
  });

  test('move library needs the desktop app', async ({ page }) => {
    await openSettings(page, sandboxHost);
    await page.getByTestId('move-library-button').click();
    const error = page.getByTestId('error-notice');
    await expect(error).toContainText('The library was not moved.');
    await expect(error).toContainText('needs the desktop app');
    await expect(page.getByTestId('library-folder')).toHaveValue(sandboxHost.core.library.root);
  });

  test('settings reject invalid values', async ({ page }) => {
    await openSettings(page, sandboxHost);
    await expect(page.getByTestId('key-status')).not.toHaveText('No key is set.');
    await expect(page.getByTestId('sandbox-key-hint')).toHaveText(DEFAULT_SIMULATOR_KEY);
    const save = page.getByTestId('save-settings');

    // The sandbox's run-only interval of 1 s is explained, not passed off as a choice.
    await expect(page.locator('#poll-interval-help')).toContainText('This run checks every 1 s because it was started that way');

    // The form names the value and the range before main is asked, and Save waits for a valid value.
    const pollInterval = page.getByLabel('Check running separations every (seconds)');
    const problem = page.getByTestId('poll-interval-problem');
    await pollInterval.fill('3');
    await expect(problem).toHaveText('The poll interval 3 is too low. Enter a whole number from 5 to 600 seconds.');
    await expect(save).toBeDisabled();
    await pollInterval.fill('');
    await expect(problem).toContainText('is not a whole number');
    await pollInterval.fill('20');
    await expect(problem).toHaveCount(0);
    await expect(save).toBeEnabled();
    const error = page.getByTestId('error-notice');

    // The API address is shown read-only: the page cannot point the key at another server.
    await page.getByText('Advanced').click();
    const apiBase = page.getByLabel('API address');
    await expect(apiBase).toHaveValue(sandboxHost.core.settings.get().apiBase);
    await expect(apiBase).toHaveAttribute('readonly', '');
    await saveScreenshot(page, 'settings.png');

    await save.click();
    await expect(page.getByText('Saved.')).toBeVisible();
    await expect(error).toHaveCount(0);
  });
});
