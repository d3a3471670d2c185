// What the user sees after a crash: a notice for task records that could not be read, and a task
// that may have been submitted, with the actions that fit it.
import { expect, test } from '@playwright/test';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHost, type TestHost } from '../host/start-host.js';
import { DEFAULT_SIMULATOR_KEY } from '../simulator/simulator.js';
import { sampleRecord } from '../tasks/support/records.js';
import { collectPageErrors, saveScreenshot } from './helpers.js';

const UNREADABLE_ID = '0d24fd8f-0fac-4a0e-8e2c-541204b2d356';
const SUBMITTING_ID = 'c0ffee00-0000-4000-8000-0000000000aa';

let scratch: string;
let host: TestHost;

test.beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-recovery-e2e-'));
  const dataDir = path.join(scratch, 'data');
  const tasksDir = path.join(dataDir, 'tasks');
  await mkdir(tasksDir, { recursive: true });
  // A record cut short by a crash, and one whose create call never got its response.
  await writeFile(path.join(tasksDir, `${UNREADABLE_ID}.json`), '{"id": "x", "state": tru');
  const submitting = sampleRecord(SUBMITTING_ID, {
    taskId: null,
    state: 'submitting',
    song: { ...sampleRecord(SUBMITTING_ID).song, title: 'Glass Harbor' },
    createdAt: Date.parse('2026-11-30T09:15:00Z'),
    updatedAt: Date.parse('2026-11-30T09:15:00Z'),
  });
  await writeFile(path.join(tasksDir, `${SUBMITTING_ID}.json`), JSON.stringify(submitting));

  // The key comes from the environment, so the shared keychain stays empty for the specs that test the first run.
  host = await startTestHost({ dataDir, libraryDir: path.join(scratch, 'Library'), env: { CRUN_API_KEY: DEFAULT_SIMULATOR_KEY } });
});

test.afterAll(async () => {
  await host?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test('crash leftovers are explained', async ({ page }) => {
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(host.url);

  const notice = page.getByTestId('app-notice');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('A task state file could not be read');
  await expect(notice).toContainText(`${UNREADABLE_ID}.json.corrupt-`);

  await page.getByTestId('nav-queue').click();
  const row = page.locator(`[data-testid="task-row"][data-task-id="${SUBMITTING_ID}"]`);
  await expect(page.getByRole('heading', { name: 'Needs your attention' })).toBeVisible();
  await expect(row.getByTestId('task-state')).toHaveText('May have been submitted');
  await expect(row).toContainText('crun.ai did not confirm this submission.');
  await expect(row).toContainText('"Glass Harbor" (vocal) may have been submitted to crun.ai at 2026-11-30 09:15 UTC');
  await expect(row).toContainText('Check your crun.ai account');
  await expect(row.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'Retry' })).toHaveCount(1);
  await saveScreenshot(page, 'recovery.png');

  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  expect(host.core.notices.list()).toEqual([]);

  await row.getByRole('button', { name: 'Remove record' }).click();
  await expect(row).toHaveCount(0);
  expect(host.core.engine.list().map((task) => task.id)).not.toContain(SUBMITTING_ID);
  expect(errors).toEqual([]);
});
