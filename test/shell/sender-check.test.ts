import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSender, type SenderFacts, type TrustedWindow } from '../../main/app/sender-check.js';

const WINDOW: TrustedWindow = { webContentsId: 7, mainFrameProcessId: 42, mainFrameRoutingId: 1 };

function sender(overrides: Partial<NonNullable<SenderFacts['frame']>> = {}, webContentsId = 7): SenderFacts {
  return {
    webContentsId,
    frame: { url: 'app://stemcrate/index.html', isMainFrame: true, processId: 42, routingId: 1, ...overrides },
  };
}

test('sender check trusts the app main frame', () => {
  assert.deepEqual(checkSender(sender(), WINDOW), { trusted: true });
  assert.deepEqual(checkSender(sender({ url: 'app://stemcrate/index.html#/library' }), WINDOW), { trusted: true });
});

const REJECTED: ReadonlyArray<[string, SenderFacts, RegExp]> = [
  ['other web contents', sender({}, 8), /not the app window/],
  ['subframe', sender({ isMainFrame: false }), /subframe/],
  ['other frame routing id', sender({ routingId: 2 }), /not the main frame/],
  ['other renderer process', sender({ processId: 43 }), /not the main frame/],
  ['remote page', sender({ url: 'https://crun.ai/' }), /not the app page/],
  ['file page', sender({ url: 'file:///app/dist/renderer/index.html' }), /not the app page/],
  ['other app host', sender({ url: 'app://evil/index.html' }), /not the app page/],
  ['app asset URL', sender({ url: 'app://stemcrate/assets/x.html' }), /not the app page/],
  ['blank page', sender({ url: 'about:blank' }), /not the app page/],
  ['destroyed frame', { webContentsId: 7, frame: null }, /frame is gone/],
];

for (const [name, facts, reason] of REJECTED) {
  test(`sender check rejects ${name}`, () => {
    const verdict = checkSender(facts, WINDOW);
    assert.equal(verdict.trusted, false);
    if (!verdict.trusted) assert.match(verdict.reason, reason);
  });
}

test('sender check rejects without a window', () => {
  const verdict = checkSender(sender(), null);
  assert.equal(verdict.trusted, false);
});

test('sender check reason omits the query', () => {
  const verdict = checkSender(sender({ url: 'https://example.com/page?token=secret#x' }), WINDOW);
  assert.equal(verdict.trusted, false);
  if (!verdict.trusted) assert.ok(!verdict.reason.includes('secret'), verdict.reason);
});
