import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../preload/contract.js';
import { describeError, ERROR_TEXT, TOP_UP_URL } from '../../renderer/errors/messages.js';

describe('error messages', () => {
  it('cover every contract error code', () => {
    for (const code of ERROR_CODES) {
      const text = ERROR_TEXT[code];
      assert.ok(text, `no message for ${code}`);
      assert.ok(text.sentence.length > 0, `empty sentence for ${code}`);
    }
    assert.deepEqual(Object.keys(ERROR_TEXT).sort(), [...ERROR_CODES].sort());
  });

  it('keep sentences short and punctuated', () => {
    for (const code of ERROR_CODES) {
      const sentence = ERROR_TEXT[code].sentence;
      assert.ok(sentence.length <= 100, `${code} sentence is ${sentence.length} characters`);
      assert.match(sentence, /[.]$/, `${code} sentence does not end with a full stop`);
    }
  });

  it('map key errors to the set-key action', () => {
    assert.equal(ERROR_TEXT.invalid_key.sentence, 'Your API key was rejected.');
    assert.equal(ERROR_TEXT.invalid_key.action.kind, 'set-key');
    assert.equal(ERROR_TEXT.no_key.action.kind, 'set-key');
  });

  it('link missing credits to the top-up page', () => {
    const action = ERROR_TEXT.insufficient_credits.action;
    assert.equal(ERROR_TEXT.insufficient_credits.sentence, 'Not enough credits.');
    assert.equal(action.kind, 'top-up');
    assert.equal(action.kind === 'top-up' ? action.url : null, TOP_UP_URL);
  });

  it('offer separate-again for duplicates', () => {
    assert.equal(ERROR_TEXT.duplicate.action.kind, 'separate-again');
    assert.match(ERROR_TEXT.duplicate.sentence, /costs credits again/);
  });

  it('offer retry for transient failures', () => {
    for (const code of ['network', 'timeout', 'server_error', 'disk_full'] as const) {
      assert.equal(ERROR_TEXT[code].action.kind, 'retry', code);
    }
  });
});

describe('describeError', () => {
  it('keeps main message that adds facts', () => {
    const view = describeError({ code: 'not_found', message: 'Task abc123 was not found at crun.ai.' });
    assert.equal(view.sentence, ERROR_TEXT.not_found.sentence);
    assert.equal(view.message, 'Task abc123 was not found at crun.ai.');
    assert.equal(view.detail, null);
  });

  it('drops main message repeating the sentence', () => {
    const view = describeError({ code: 'invalid_key', message: 'Your API key was rejected.' });
    assert.equal(view.message, null);
  });

  it('drops blank messages and details', () => {
    const view = describeError({ code: 'internal', message: '  ', detail: ' ' });
    assert.equal(view.message, null);
    assert.equal(view.detail, null);
  });

  it('keeps details for the details view', () => {
    const view = describeError({ code: 'bad_response', message: 'x', detail: 'HTTP 502 from proxy' });
    assert.equal(view.detail, 'HTTP 502 from proxy');
  });

  it('falls back to internal for unknown codes', () => {
    const view = describeError({ code: 'made_up' as never, message: 'm' });
    assert.equal(view.sentence, ERROR_TEXT.internal.sentence);
  });
});
