import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXTERNAL_LINK_HOSTS, isAllowedExternalUrl } from '../../main/app/policies.js';

test('external allow-list contains the crun.ai hosts', () => {
  assert.deepEqual([...EXTERNAL_LINK_HOSTS].sort(), ['api.crun.ai', 'crun.ai', 'docs.crun.ai']);
});

for (const url of ['https://crun.ai/', 'https://crun.ai/pricing?plan=pro#top', 'https://docs.crun.ai/api', 'https://api.crun.ai/v1']) {
  test(`external link ${url} is allowed`, () => {
    assert.equal(isAllowedExternalUrl(url), true);
  });
}

const REJECTED: ReadonlyArray<[string, string]> = [
  ['http scheme', 'http://crun.ai/'],
  ['other host', 'https://example.com/'],
  ['lookalike suffix', 'https://crun.ai.example.com/'],
  ['lookalike prefix', 'https://evilcrun.ai/'],
  ['unlisted subdomain', 'https://www.crun.ai/'],
  ['javascript scheme', 'javascript:alert(1)'],
  ['file scheme', 'file:///etc/passwd'],
  ['data scheme', 'data:text/html,x'],
  ['custom scheme', 'app://stemcrate/index.html'],
  ['credentials', 'https://user:pass@crun.ai/'],
  ['username only', 'https://user@crun.ai/'],
  ['non-default port', 'https://crun.ai:8443/'],
  ['malformed', 'https//crun.ai'],
  ['empty', ''],
];

for (const [name, url] of REJECTED) {
  test(`external link rejects ${name}`, () => {
    assert.equal(isAllowedExternalUrl(url), false);
  });
}
