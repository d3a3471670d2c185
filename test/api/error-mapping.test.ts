// Status-to-code table and Retry-After parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeForStatus, errorForStatus, parseRetryAfter } from '../../main/api/error-mapping.js';

const context = { endpoint: 'TaskInfo', taskId: 'task-42', origin: 'https://api.crun.ai' };

describe('codeForStatus', () => {
  const table: [number, string | null][] = [
    [400, 'validation'],
    [401, 'invalid_key'],
    [402, 'insufficient_credits'],
    [403, 'invalid_key'],
    [404, 'not_found'],
    [408, 'timeout'],
    [418, null],
    [422, 'validation'],
    [429, 'rate_limited'],
    [455, 'maintenance'],
    [500, 'server_error'],
    [501, 'generation_failed'],
    [502, 'server_error'],
    [505, 'feature_disabled'],
    [599, 'server_error'],
    [200, null],
    [1001, null],
  ];
  for (const [status, code] of table) {
    it(`maps ${status} to ${code ?? 'nothing'}`, () => {
      assert.equal(codeForStatus(status), code);
    });
  }
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delay seconds', () => {
    assert.equal(parseRetryAfter('30', now), 30_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
  });

  it('reads an HTTP date', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 12:00:45 GMT', now), 45_000);
  });

  it('clamps a past date to zero', () => {
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now), 0);
  });

  it('ignores missing and malformed values', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });

  it('uses the first of repeated headers', () => {
    assert.equal(parseRetryAfter(['2', '9'], now), 2000);
  });
});

describe('errorForStatus', () => {
  it('keeps status and Retry-After', () => {
    const error = errorForStatus(429, 'too many', context, { viaEnvelope: false, retryAfterMs: 4000 });
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 4000);
    assert.match(error.message, /task-42/);
  });

  it('maps an unknown envelope code to bad_response', () => {
    const error = errorForStatus(1001, 'quota table locked', context, { viaEnvelope: true });
    assert.equal(error.code, 'bad_response');
    assert.equal(error.status, 1001);
    assert.match(error.message, /quota table locked/);
  });

  it('falls back when validation has no message', () => {
    const error = errorForStatus(422, null, context, { viaEnvelope: false });
    assert.equal(error.code, 'validation');
    assert.match(error.message, /rejected the TaskInfo request/);
  });
});
