import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMainWindowOptions, createWebPreferences, WINDOW_BACKGROUND_COLOR } from '../../main/app/web-preferences.js';

const PRELOAD = '/app/dist/preload/index.cjs';

// One case per preference, so a change that weakens one names it.
const REQUIRED: ReadonlyArray<[string, unknown]> = [
  ['contextIsolation', true],
  ['sandbox', true],
  ['nodeIntegration', false],
  ['nodeIntegrationInWorker', false],
  ['nodeIntegrationInSubFrames', false],
  ['webSecurity', true],
  ['allowRunningInsecureContent', false],
  ['experimentalFeatures', false],
  ['webviewTag', false],
  ['spellcheck', false],
  ['navigateOnDragDrop', false],
  ['enableWebSQL', false],
  ['disableBlinkFeatures', 'Auxclick'],
];

for (const [name, expected] of REQUIRED) {
  test(`web preferences set ${name} to ${String(expected)}`, () => {
    const preferences = createWebPreferences(PRELOAD, false) as Record<string, unknown>;
    assert.equal(preferences[name], expected);
  });
}

test('web preferences use the bundled CommonJS preload', () => {
  assert.equal(createWebPreferences(PRELOAD, false).preload, PRELOAD);
  assert.match(PRELOAD, /\.cjs$/);
});

test('web preferences follow the devTools flag', () => {
  assert.equal(createWebPreferences(PRELOAD, false).devTools, false);
  assert.equal(createWebPreferences(PRELOAD, true).devTools, true);
});

test('web preferences add no unreviewed keys', () => {
  const reviewed = new Set([...REQUIRED.map(([name]) => name), 'preload', 'devTools', 'safeDialogs']);
  const extra = Object.keys(createWebPreferences(PRELOAD, false)).filter((name) => !reviewed.has(name));
  assert.deepEqual(extra, []);
});

test('main window stays hidden until ready-to-show', () => {
  assert.equal(createMainWindowOptions(PRELOAD, false).show, false);
});

test('main window has a dark background', () => {
  const options = createMainWindowOptions(PRELOAD, false);
  assert.equal(options.backgroundColor, WINDOW_BACKGROUND_COLOR);
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(WINDOW_BACKGROUND_COLOR);
  assert.ok(match, `background ${WINDOW_BACKGROUND_COLOR} is not #rrggbb`);
  const channels = match.slice(1).map((hex) => parseInt(hex, 16));
  assert.ok(Math.max(...channels) < 0x40, `background ${WINDOW_BACKGROUND_COLOR} is not dark`);
});

test('main window carries the hardened web preferences', () => {
  assert.deepEqual(createMainWindowOptions(PRELOAD, false).webPreferences, createWebPreferences(PRELOAD, false));
});
