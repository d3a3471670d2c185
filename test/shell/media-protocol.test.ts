import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { isAppPageUrl, rendererFileForUrl } from '../../main/app/app-url.js';
import { MEDIA_BASE_URL, mediaPathFromUrl } from '../../main/app/media-url.js';

test('media base URL uses the media scheme', () => {
  assert.equal(MEDIA_BASE_URL, 'stemcrate-media://media/');
});

const ACCEPTED: ReadonlyArray<[string, string]> = [
  ['stemcrate-media://media/stem/song-1/Vocals.mp3', 'stem/song-1/Vocals.mp3'],
  ['stemcrate-media://media/stem/song-1/My%20Song%20-%20Vocals.mp3', 'stem/song-1/My%20Song%20-%20Vocals.mp3'],
  ['stemcrate-media://media/stem/song-1/100%25%20mix.mp3', 'stem/song-1/100%25%20mix.mp3'],
  ['stemcrate-media://media/stem/s%C3%B6ng/%C3%84.mp3', 'stem/s%C3%B6ng/%C3%84.mp3'],
  ['stemcrate-media://media/stem/song-1/Vocals.mp3?t=1#x', 'stem/song-1/Vocals.mp3'],
  ['stemcrate-media://media/cover/song-1', 'cover/song-1'],
  ['stemcrate-media://media/remote-cover/0123456789abcdef0123456789abcdef', 'remote-cover/0123456789abcdef0123456789abcdef'],
];

for (const [url, expected] of ACCEPTED) {
  test(`media URL ${url} maps to ${expected}`, () => {
    assert.equal(mediaPathFromUrl(url), expected);
  });
}

test('media path round-trips names the router encoded', () => {
  const fileName = 'a b%c#d?e&f+g.mp3';
  const url = `${MEDIA_BASE_URL}stem/${encodeURIComponent('id 1')}/${encodeURIComponent(fileName)}`;
  const mediaPath = mediaPathFromUrl(url);
  assert.ok(mediaPath);
  assert.deepEqual(mediaPath.split('/').map((part) => decodeURIComponent(part)), ['stem', 'id 1', fileName]);
});

const REJECTED_MEDIA: ReadonlyArray<[string, string]> = [
  ['dot-dot traversal', 'stemcrate-media://media/stem/../../etc/passwd'],
  ['dot-dot in file', 'stemcrate-media://media/stem/song-1/..'],
  ['encoded dot-dot', 'stemcrate-media://media/stem/%2e%2e/%2e%2e/secret.mp3'],
  ['encoded dot-dot uppercase', 'stemcrate-media://media/stem/song-1/%2E%2E'],
  ['encoded slash', 'stemcrate-media://media/stem/song-1/..%2f..%2fsecret.mp3'],
  ['encoded backslash', 'stemcrate-media://media/stem/song-1/..%5c..%5csecret.mp3'],
  ['absolute path', 'stemcrate-media://media//etc/passwd'],
  ['absolute file name', 'stemcrate-media://media/stem/song-1//etc/passwd'],
  ['windows drive', 'stemcrate-media://media/stem/song-1/C:%5CWindows%5Cwin.ini'],
  ['NUL byte', 'stemcrate-media://media/stem/song-1/a%00.mp3'],
  ['malformed escape', 'stemcrate-media://media/stem/song-1/%E0%A4%A.mp3'],
  ['missing file', 'stemcrate-media://media/stem/song-1'],
  ['extra segment', 'stemcrate-media://media/stem/song-1/dir/file.mp3'],
  ['cover with file', 'stemcrate-media://media/cover/song-1/x.png'],
  ['bad remote cover', 'stemcrate-media://media/remote-cover/..'],
  ['short remote cover', 'stemcrate-media://media/remote-cover/abc'],
  ['unknown kind', 'stemcrate-media://media/manifest/song-1'],
  ['other host', 'stemcrate-media://evil/stem/song-1/a.mp3'],
  ['credentials', 'stemcrate-media://user@media/stem/song-1/a.mp3'],
  ['other scheme', 'file:///media/stem/song-1/a.mp3'],
  ['app scheme', 'app://stemcrate/stem/song-1/a.mp3'],
  ['empty', ''],
];

for (const [name, url] of REJECTED_MEDIA) {
  test(`media URL rejects ${name}`, () => {
    assert.equal(mediaPathFromUrl(url), null);
  });
}

test('media URL keeps double encoding literal', () => {
  // One decoding step (the router's) must give the literal name, never a `../` that a second
  // decoding would produce.
  const mediaPath = mediaPathFromUrl('stemcrate-media://media/stem/song-1/%252e%252e%252fsecret');
  assert.ok(mediaPath);
  assert.deepEqual(mediaPath.split('/').map((part) => decodeURIComponent(part)), ['stem', 'song-1', '%2e%2e%2fsecret']);
});

const RENDERER_DIR = path.resolve('/opt/stemcrate/dist/renderer');

test('app URL maps into the renderer folder', () => {
  assert.equal(rendererFileForUrl('app://stemcrate/index.html', RENDERER_DIR), path.join(RENDERER_DIR, 'index.html'));
  assert.equal(rendererFileForUrl('app://stemcrate/', RENDERER_DIR), path.join(RENDERER_DIR, 'index.html'));
  assert.equal(rendererFileForUrl('app://stemcrate/assets/index-abc.js?v=1', RENDERER_DIR), path.join(RENDERER_DIR, 'assets', 'index-abc.js'));
});

const REJECTED_APP: ReadonlyArray<[string, string]> = [
  ['encoded slash', 'app://stemcrate/..%2f..%2fetc%2fpasswd'],
  ['encoded backslash', 'app://stemcrate/..%5c..%5cetc%5cpasswd'],
  ['absolute path', 'app://stemcrate//etc/passwd'],
  ['windows drive', 'app://stemcrate/C:%5Cwin.ini'],
  ['NUL byte', 'app://stemcrate/index.html%00.js'],
  ['other host', 'app://other/index.html'],
  ['other port', 'app://stemcrate:8080/index.html'],
  ['other scheme', 'file:///opt/stemcrate/dist/renderer/index.html'],
];

for (const [name, url] of REJECTED_APP) {
  test(`app URL rejects ${name}`, () => {
    assert.equal(rendererFileForUrl(url, RENDERER_DIR), null);
  });
}

// URL parsing removes `..` and `%2e%2e` segments before the handler receives the path, so these arrive
// as a path inside the folder (which then does not exist); they must never leave it.
const NORMALIZED_APP: ReadonlyArray<[string, string]> = [
  ['dot-dot traversal', 'app://stemcrate/../../etc/passwd'],
  ['encoded dot-dot', 'app://stemcrate/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd'],
  ['mixed dot-dot', 'app://stemcrate/assets/.%2E/.%2e/x'],
];

for (const [name, url] of NORMALIZED_APP) {
  test(`app URL confines ${name}`, () => {
    const file = rendererFileForUrl(url, RENDERER_DIR);
    assert.ok(file, `${url} was rejected outright; expected a path inside the folder`);
    assert.ok(file.startsWith(RENDERER_DIR + path.sep), `${url} escaped to ${file}`);
  });
}

test('app page URL is exact', () => {
  assert.equal(isAppPageUrl('app://stemcrate/index.html?x=1#/queue'), true);
  assert.equal(isAppPageUrl('app://stemcrate/other.html'), false);
  assert.equal(isAppPageUrl('app://stemcrate:8080/index.html'), false);
});
