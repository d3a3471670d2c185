import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { APP_ENTRY_URL } from '../../main/app/app-url.js';
import { bundlePathsFor } from '../../main/app/bundle-paths.js';
import { PRIVILEGED_SCHEMES } from '../../main/app/schemes.js';

function privilegesOf(scheme: string): Record<string, unknown> {
  const entry = PRIVILEGED_SCHEMES.find((candidate) => candidate.scheme === scheme);
  assert.ok(entry, `scheme ${scheme} is not registered`);
  return (entry.privileges ?? {}) as Record<string, unknown>;
}

test('schemes registered are app and media', () => {
  assert.deepEqual(PRIVILEGED_SCHEMES.map((entry) => entry.scheme).sort(), ['app', 'stemcrate-media']);
});

test('app scheme is a secure standard origin', () => {
  const privileges = privilegesOf('app');
  assert.equal(privileges.standard, true);
  assert.equal(privileges.secure, true);
});

test('media scheme streams for seeking', () => {
  const privileges = privilegesOf('stemcrate-media');
  assert.equal(privileges.stream, true);
  assert.equal(privileges.supportFetchAPI, true);
  assert.equal(privileges.standard, true);
});

test('no scheme bypasses the CSP', () => {
  for (const entry of PRIVILEGED_SCHEMES) assert.notEqual(entry.privileges?.bypassCSP, true, entry.scheme);
});

test('no scheme allows service workers', () => {
  for (const entry of PRIVILEGED_SCHEMES) assert.notEqual(entry.privileges?.allowServiceWorkers, true, entry.scheme);
});

test('only the media scheme is CORS-enabled', () => {
  const enabled = PRIVILEGED_SCHEMES.filter((entry) => entry.privileges?.corsEnabled === true).map((entry) => entry.scheme);
  assert.deepEqual(enabled, ['stemcrate-media']);
});

test('app entry is the bundled index page', () => {
  assert.equal(APP_ENTRY_URL, 'app://stemcrate/index.html');
});

test('bundle paths sit beside the main bundle', () => {
  const paths = bundlePathsFor(path.join('/opt', 'Stemcrate', 'resources', 'app.asar', 'dist', 'main'));
  assert.equal(paths.preload, path.join('/opt', 'Stemcrate', 'resources', 'app.asar', 'dist', 'preload', 'index.cjs'));
  assert.equal(paths.rendererDir, path.join('/opt', 'Stemcrate', 'resources', 'app.asar', 'dist', 'renderer'));
});
