import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideWindowOpen, isNavigationAllowed } from '../../main/app/policies.js';

test('navigation to the app page is allowed', () => {
  assert.equal(isNavigationAllowed('app://stemcrate/index.html'), true);
  assert.equal(isNavigationAllowed('app://stemcrate/'), true);
  assert.equal(isNavigationAllowed('app://stemcrate/index.html#/library'), true);
});

const REJECTED_NAVIGATIONS = [
  'https://crun.ai/',
  'http://127.0.0.1:5173/index.html',
  'file:///etc/passwd',
  'file:///app/dist/renderer/index.html',
  'javascript:alert(1)',
  'data:text/html,<h1>x</h1>',
  'about:blank',
  'app://evil/index.html',
  'app://stemcrate/assets/index.js',
  'app://stemcrate.evil/index.html',
  'app://user:pass@stemcrate/index.html',
  'stemcrate-media://media/stem/a/b.mp3',
  'not a url',
  '',
];

for (const url of REJECTED_NAVIGATIONS) {
  test(`navigation to ${JSON.stringify(url)} is prevented`, () => {
    assert.equal(isNavigationAllowed(url), false);
  });
}

test('window.open of an allowed link is denied and opened externally', () => {
  assert.deepEqual(decideWindowOpen('https://docs.crun.ai/vocal-separation'), {
    action: 'deny',
    openExternally: 'https://docs.crun.ai/vocal-separation',
  });
});

test('window.open of another link is denied without opening', () => {
  for (const url of ['https://example.com/', 'http://crun.ai/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://stemcrate/index.html']) {
    assert.deepEqual(decideWindowOpen(url), { action: 'deny', openExternally: null }, url);
  }
});
