import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  CONTENT_SECURITY_POLICY,
  injectCspMetaTag,
  META_CONTENT_SECURITY_POLICY,
  withContentSecurityPolicy,
} from '../../main/app/csp.js';

function directives(policy: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) result.set(name, sources);
  }
  return result;
}

const policy = directives(CONTENT_SECURITY_POLICY);

const EXPECTED: ReadonlyArray<[string, string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:', 'stemcrate-media:', 'blob:']],
  ['media-src', ["'self'", 'stemcrate-media:', 'blob:']],
  ['connect-src', ["'self'", 'stemcrate-media:']],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

for (const [name, sources] of EXPECTED) {
  test(`CSP ${name} is ${sources.join(' ')}`, () => {
    assert.deepEqual(policy.get(name), sources);
  });
}

test('CSP has no directives beyond the reviewed ones', () => {
  assert.deepEqual([...policy.keys()].sort(), EXPECTED.map(([name]) => name).sort());
});

test('CSP allows no eval, remote hosts or wildcards', () => {
  for (const [name, sources] of policy) {
    for (const source of sources) {
      assert.doesNotMatch(source, /unsafe-eval|wasm-unsafe-eval|\*|^https?:|^wss?:|^file:|^http/, `${name} allows ${source}`);
    }
  }
});

test('CSP script-src has no inline scripts', () => {
  assert.ok(!policy.get('script-src')?.includes("'unsafe-inline'"));
});

test('meta CSP drops only frame-ancestors', () => {
  const meta = directives(META_CONTENT_SECURITY_POLICY);
  assert.equal(meta.has('frame-ancestors'), false);
  const headerWithoutFrameAncestors = new Map(policy);
  headerWithoutFrameAncestors.delete('frame-ancestors');
  assert.deepEqual(meta, headerWithoutFrameAncestors);
});

test('renderer page carries the same policy', async () => {
  // The renderer build copies index.html as written, so its meta tag is the policy the page gets
  // wherever it is served. It must match the header the Electron shell sends.
  const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const match = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i.exec(html);
  assert.ok(match, 'renderer/index.html has no Content-Security-Policy meta tag');
  assert.deepEqual(directives(match[1] ?? ''), directives(META_CONTENT_SECURITY_POLICY));
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the meta tag must precede every script');
});

test('CSP header replaces existing policies in any case', () => {
  const headers = withContentSecurityPolicy({
    'content-security-policy': ["default-src *"],
    'CONTENT-SECURITY-POLICY': 'script-src *',
    'Content-Type': ['text/html'],
    'X-Single': 'value',
  });
  const cspNames = Object.keys(headers).filter((name) => name.toLowerCase() === 'content-security-policy');
  assert.deepEqual(cspNames, ['Content-Security-Policy']);
  assert.deepEqual(headers['Content-Security-Policy'], [CONTENT_SECURITY_POLICY]);
  assert.deepEqual(headers['Content-Type'], ['text/html']);
  assert.deepEqual(headers['X-Single'], ['value']);
});

test('CSP header is added when a response has no headers', () => {
  assert.deepEqual(withContentSecurityPolicy(undefined), { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
});

test('CSP meta tag goes first in head', () => {
  const html = '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./a.js"></script></head><body></body></html>';
  const output = injectCspMetaTag(html);
  const metaAt = output.indexOf('http-equiv="Content-Security-Policy"');
  assert.ok(metaAt > 0);
  assert.ok(metaAt < output.indexOf('<script'), 'the policy must precede every script');
  assert.ok(output.includes(`content="${META_CONTENT_SECURITY_POLICY}"`));
});

test('CSP meta tag replaces an older tag', () => {
  const html = `<html><head><meta http-equiv="Content-Security-Policy" content="default-src *"></head></html>`;
  const output = injectCspMetaTag(html);
  assert.equal(output.match(/http-equiv="Content-Security-Policy"/g)?.length, 1);
  assert.ok(!output.includes('default-src *'));
});

test('CSP meta tag injection rejects HTML without head', () => {
  assert.throws(() => injectCspMetaTag('<html><body></body></html>'), /no <head> element/);
});
