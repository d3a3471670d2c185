// The Electron-only parts of a separation, in the real app: the taskbar progress, the desktop
// notification when the stems are in the library, and the OS drag of the library's own files.
// Main's window and Notification methods are wrapped to record their calls, because a test cannot
// watch the OS taskbar, notification centre or drag session.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SEED_IDS } from '../simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { announceSkip, electronBinary, launchApp, type LaunchedApp } from './launch.js';

/** What the wrapped main-process methods recorded, kept on main's globalThis. */
interface Recorded {
  progress: number[];
  notifications: string[];
  drags: { file: string; files: string[]; iconEmpty: boolean }[];
}

announceSkip('workflow.spec.ts');

test.describe('Electron workflow', () => {
  test.skip(!electronBinary.found, electronBinary.found ? '' : `no Electron binary: ${electronBinary.reason}`);

  let launched: LaunchedApp;

  test.beforeAll(async () => {
    if (!electronBinary.found) return;
    launched = await launchApp({ apiKey: DEFAULT_SIMULATOR_KEY, simulator: { pendingMs: 500, runningMs: 1_000 } });
    await launched.app.firstWindow();
    await launched.app.evaluate(({ BrowserWindow, Notification }) => {
      const recorded: Recorded = { progress: [], notifications: [], drags: [] };
      (globalThis as unknown as { recorded: Recorded }).recorded = recorded;
      const [window] = BrowserWindow.getAllWindows();
      if (!window) throw new Error('the app has no window');
      const setProgressBar = window.setProgressBar.bind(window);
      window.setProgressBar = (progress, options) => {
        recorded.progress.push(progress);
        setProgressBar(progress, options);
      };
      window.webContents.startDrag = (item) => {
        recorded.drags.push({ file: item.file, files: item.files ?? [], iconEmpty: typeof item.icon === 'string' || item.icon.isEmpty() });
      };
      // A headless machine may have no notification server, so support is assumed and show() recorded.
      Notification.isSupported = () => true;
      Notification.prototype.show = function show(this: Electron.Notification) {
        recorded.notifications.push(this.title);
      };
    });
  });

  test.afterAll(async () => {
    await launched?.close();
  });

  const recorded = () => launched.app.evaluate(() => (globalThis as unknown as { recorded: Recorded }).recorded);

  test('separation shows progress, notifies and drags files', async () => {
    test.setTimeout(120_000);
    const page = await launched.app.firstWindow();

    await page.getByTestId('nav-separate').click();
    await page.getByTestId('lookup-input').fill(SEED_IDS.midnightTask);
    await page.getByTestId('lookup-button').click();
    const songRow = page.locator(`[data-testid="song-row"][data-suno-id="${SEED_IDS.midnightSong}"]`);
    await songRow.locator('input[type="checkbox"]').check();
    await page.getByTestId('mode-vocal').check();
    await page.getByTestId('submit-button').click();
    await expect(page.getByTestId('submit-outcomes')).toContainText('Submitted');

    await page.getByTestId('nav-queue').click();
    await expect(page.locator('[data-testid="task-row"][data-state="done"]')).toHaveCount(1, { timeout: 90_000 });

    // The taskbar showed the task while it ran and cleared the bar once it was done.
    await expect.poll(async () => (await recorded()).progress.at(-1)).toBe(-1);
    const { progress, notifications } = await recorded();
    expect(progress.some((value) => value >= 0)).toBe(true);
    expect(notifications).toEqual(['Stems ready']);

    // Dragging a stem hands the OS the library's own file, with an icon.
    await page.getByTestId('open-song-button').click();
    await page.getByTestId('stem-row').first().dispatchEvent('dragstart');
    await expect.poll(async () => (await recorded()).drags.length).toBe(1);
    const [drag] = (await recorded()).drags;
    expect(drag?.iconEmpty).toBe(false);
    expect(drag?.files).toHaveLength(1);
    const file = drag?.file ?? '';
    expect(path.resolve(file).startsWith(path.resolve(launched.libraryDir) + path.sep)).toBe(true);
    expect(existsSync(file)).toBe(true);
  });
});
