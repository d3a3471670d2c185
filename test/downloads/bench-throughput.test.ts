// The throughput benchmark helper runs end to end on a small stem set.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { benchDownloadThroughput } from './bench-throughput.js';

test('benchmark reports both clients', { skip: existsSync('/usr/bin/curl') ? false : 'curl is not installed at /usr/bin/curl' }, async () => {
  const result = await benchDownloadThroughput({ bytesPerStem: 64 * 1024, curlPath: '/usr/bin/curl' });

  assert.equal(result.stems, 12);
  assert.equal(result.stemcrate.bytes, 12 * result.bytesPerStem);
  assert.ok(result.stemcrate.bytesPerSecond > 0);
  assert.equal(result.curl?.bytes, 12 * result.bytesPerStem, result.curlProblem);
});

test('benchmark reports missing curl', async () => {
  const result = await benchDownloadThroughput({ bytesPerStem: 32 * 1024, curlPath: '/nonexistent/curl' });

  assert.equal(result.curl, null);
  assert.match(result.curlProblem ?? '', /ENOENT/);
});
