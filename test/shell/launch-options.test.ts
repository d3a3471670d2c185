import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLaunchOptions } from '../../main/app/launch-options.js';

test('launch options default to crun.ai', () => {
  assert.deepEqual(readLaunchOptions({}), { sandbox: false });
});

test('loopback API base turns on the sandbox', () => {
  for (const apiBase of ['http://127.0.0.1:4010', 'http://localhost:4010/', 'http://[::1]:4010', 'http://127.1.2.3:9']) {
    assert.deepEqual(readLaunchOptions({ STEMCRATE_API_BASE: apiBase }), { apiBase, sandbox: true }, apiBase);
  }
});

test('https API base is not the sandbox', () => {
  assert.deepEqual(readLaunchOptions({ STEMCRATE_API_BASE: 'https://api.crun.ai' }), { apiBase: 'https://api.crun.ai', sandbox: false });
});

test('plain http API base off loopback fails', () => {
  assert.throws(() => readLaunchOptions({ STEMCRATE_API_BASE: 'http://api.crun.ai' }), /STEMCRATE_API_BASE .*https/);
  assert.throws(() => readLaunchOptions({ STEMCRATE_API_BASE: 'http://127.0.0.1.example.com' }), /STEMCRATE_API_BASE/);
});

test('malformed API base fails', () => {
  assert.throws(() => readLaunchOptions({ STEMCRATE_API_BASE: 'localhost:4010' }), /STEMCRATE_API_BASE "localhost:4010"/);
  assert.throws(() => readLaunchOptions({ STEMCRATE_API_BASE: 'ftp://127.0.0.1' }), /STEMCRATE_API_BASE/);
});

test('folder overrides must be absolute', () => {
  assert.deepEqual(readLaunchOptions({ STEMCRATE_DATA_DIR: '/tmp/data', STEMCRATE_LIBRARY_DIR: '/tmp/library' }), {
    sandbox: false,
    dataDir: '/tmp/data',
    libraryDir: '/tmp/library',
  });
  assert.throws(() => readLaunchOptions({ STEMCRATE_DATA_DIR: 'data' }), /STEMCRATE_DATA_DIR "data".*absolute/);
  assert.throws(() => readLaunchOptions({ STEMCRATE_LIBRARY_DIR: './lib' }), /STEMCRATE_LIBRARY_DIR/);
});

test('empty variables are ignored', () => {
  assert.deepEqual(readLaunchOptions({ STEMCRATE_API_BASE: '', STEMCRATE_DATA_DIR: '' }), { sandbox: false });
});
