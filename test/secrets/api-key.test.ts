// API key validation: trimming, and the rejection of keys that would fail as a header value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../main/errors.js';
import { MAX_API_KEY_LENGTH, normalizeApiKey } from '../../main/secrets/api-key.js';

const VALID = 'sk-0123456789abcdef';

function rejection(value: unknown): AppError {
  try {
    normalizeApiKey(value);
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${JSON.stringify(value)} to be rejected`);
}

describe('normalizeApiKey', () => {
  test('trims surrounding whitespace', () => {
    assert.equal(normalizeApiKey(`  \t${VALID}\r\n`), VALID);
  });

  test('accepts maximum length', () => {
    const longest = 'k'.repeat(MAX_API_KEY_LENGTH);

    assert.equal(normalizeApiKey(longest), longest);
  });

  const rejected: Array<{ name: string; value: unknown; message: RegExp }> = [
    { name: 'empty string', value: '', message: /is empty/ },
    { name: 'only whitespace', value: ' \n\t ', message: /is empty/ },
    { name: 'too long', value: 'k'.repeat(MAX_API_KEY_LENGTH + 1), message: /is 513 characters long, but the maximum is 512/ },
    { name: 'inner space', value: 'sk-abc def', message: /contains a space at character 7/ },
    { name: 'inner tab', value: 'sk-abc\tdef', message: /contains a tab at character 7/ },
    { name: 'inner line break', value: 'sk-abc\ndef', message: /contains a line break at character 7/ },
    { name: 'NUL character', value: 'sk-abc\u0000def', message: /contains a control character \(U\+0000\) at character 7/ },
    { name: 'DEL character', value: 'sk-abc\u007fdef', message: /contains a control character \(U\+007F\) at character 7/ },
    { name: 'no-break space', value: 'sk-abc\u00a0def', message: /contains a whitespace character \(U\+00A0\) at character 7/ },
    { name: 'zero-width space', value: 'sk-abc\u200bdef', message: /contains a non-ASCII character \(U\+200B\) at character 7/ },
    { name: 'emoji after emoji', value: 'sk-\u{1F600}\u{1F600}', message: /contains a non-ASCII character \(U\+1F600\) at character 4/ },
    { name: 'number', value: 42, message: /must be text, but a number value was given/ },
    { name: 'null', value: null, message: /must be text, but a null value was given/ },
  ];

  for (const { name, value, message } of rejected) {
    test(`rejects ${name}`, () => {
      const error = rejection(value);

      assert.equal(error.code, 'invalid_argument');
      assert.match(error.message, message);
    });
  }

  test('message never echoes key', () => {
    const key = 'sk-secretpart1 secretpart2';

    const error = rejection(key);

    assert.ok(!error.message.includes('secretpart'), error.message);
  });

  test('names the source', () => {
    const error = rejection('');

    assert.match(error.message, /^The API key is empty/);
    assert.throws(() => normalizeApiKey('', 'The CRUN_API_KEY environment variable'), /^AppError: The CRUN_API_KEY environment variable is empty/);
  });
});
