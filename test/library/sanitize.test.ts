import assert from 'node:assert/strict';
import { mkdir, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  MAX_BASE_NAME_BYTES,
  MAX_FOLDER_BYTES,
  isPlainName,
  nameKey,
  sanitizeSegment,
  truncateUtf8,
  uniqueName,
  utf8Bytes,
} from '../../main/library/sanitize.js';
import { makeTempDir } from './helpers.js';

const folder = (title: string): string => sanitizeSegment(title, MAX_FOLDER_BYTES);

describe('sanitizeSegment', () => {
  it('replaces every reserved character', () => {
    const name = folder('a/b\\c:d*e?f"g<h>i|j');
    assert.doesNotMatch(name, /[/\\:*?"<>|]/u);
    assert.equal(name, 'a_b_c_d_e_f_g_h_i_j');
  });

  it('removes control characters', () => {
    const name = folder('Line\u0000One\u0007\u001fTwo\u007f');
    assert.doesNotMatch(name, /\p{Cc}/u);
    assert.ok(name.startsWith('Line'));
  });

  it('turns newlines and tabs into spaces', () => {
    assert.equal(folder('Verse\n\tChorus'), 'Verse Chorus');
  });

  it('renames Windows device names', () => {
    for (const reserved of ['CON', 'con', 'NUL', 'aux', 'PRN', 'COM1', 'lpt9', 'nul.txt', 'CON ']) {
      const name = folder(reserved);
      assert.notEqual(name.toLowerCase(), reserved.trim().toLowerCase(), reserved);
      assert.doesNotMatch(name, /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/iu, reserved);
    }
    assert.equal(folder('CON'), 'CON_');
    assert.equal(folder('Console'), 'Console');
  });

  it('never yields dot names or hidden files', () => {
    assert.equal(folder('..'), 'Untitled');
    assert.equal(folder('.'), 'Untitled');
    const escape = folder('../../etc/passwd');
    assert.doesNotMatch(escape, /[/\\]/u);
    assert.ok(!escape.startsWith('.'), escape);
    assert.equal(folder('.hidden song'), 'hidden song');
    assert.equal(folder('...And Justice'), 'And Justice');
  });

  it('strips trailing dots and spaces', () => {
    assert.equal(folder('Goodbye.'), 'Goodbye');
    assert.equal(folder('Wait for it...  '), 'Wait for it');
    assert.equal(folder('  Spaced  '), 'Spaced');
  });

  it('gives Untitled for empty results', () => {
    assert.equal(folder(''), 'Untitled');
    assert.equal(folder('   '), 'Untitled');
    assert.equal(folder('???'), 'Untitled');
    assert.equal(folder('\u0000\u0001'), 'Untitled');
  });

  it('normalises to NFC', () => {
    const decomposed = 'Cafe\u0301';
    const name = folder(decomposed);
    assert.equal(name, 'Café');
    assert.equal(name, name.normalize('NFC'));
  });

  it('cuts long titles on a grapheme boundary', () => {
    const title = `${'🎸'.repeat(30)}${'👩‍👩‍👧‍👦'.repeat(10)}${'x'.repeat(160)}`;
    assert.equal(title.length > 200, true);
    const name = folder(title);
    assert.ok(utf8Bytes(name) <= MAX_FOLDER_BYTES, `${utf8Bytes(name)} bytes`);
    assert.ok(!name.includes('\uFFFD'));
    // Every emoji that survives is whole: the family emoji is 25 bytes and must not be cut apart.
    const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(name)].map((part) => part.segment);
    for (const segment of segments) assert.ok(segment === '🎸' || segment === '👩‍👩‍👧‍👦' || segment === 'x', JSON.stringify(segment));
  });

  it('keeps a 220-character emoji title within both limits', () => {
    const title = `Neon ${'🌃'.repeat(100)} ${'é'.repeat(114)}`;
    assert.equal([...title].length, 220);
    const folderName = folder(title);
    const baseName = sanitizeSegment(`${title} - Drums`, MAX_BASE_NAME_BYTES);
    assert.ok(utf8Bytes(folderName) <= 120);
    assert.ok(utf8Bytes(`${baseName}.mp3`) <= 200);
    assert.ok(folderName.startsWith('Neon 🌃'));
    assert.doesNotMatch(folderName, /[\uD800-\uDFFF]/u, 'no lone surrogate');
  });

  it('produces names the file system accepts', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const titles = ['CON', '..', 'a/b', 'Trailing.', `${'🎹'.repeat(60)}`, 'x'.repeat(400), 'Tab\tName'];
      for (const title of titles) {
        const name = folder(title);
        await mkdir(path.join(dir, name));
        await writeFile(path.join(dir, name, `${sanitizeSegment(`${title} - Vocals`, MAX_BASE_NAME_BYTES)}.mp3`), '');
      }
      assert.equal((await readdir(dir)).length, titles.length);
    } finally {
      await cleanup();
    }
  });
});

describe('truncateUtf8', () => {
  it('returns short text unchanged', () => {
    assert.equal(truncateUtf8('abc', 10), 'abc');
  });

  it('drops a multibyte character that does not fit', () => {
    assert.equal(truncateUtf8('ab€', 4), 'ab');
    assert.equal(truncateUtf8('ab€', 5), 'ab€');
  });
});

describe('uniqueName', () => {
  it('appends counters from 2', () => {
    const existing = new Set(['song', 'song (2)']);
    assert.equal(uniqueName('Song', 120, (name) => existing.has(nameKey(name))), 'Song (3)');
  });

  it('compares case-insensitively', () => {
    const existing = new Set([nameKey('MIDNIGHT')]);
    assert.equal(uniqueName('Midnight', 120, (name) => existing.has(nameKey(name))), 'Midnight (2)');
  });

  it('shortens the base to fit the counter', () => {
    const base = 'x'.repeat(120);
    const name = uniqueName(base, 120, (candidate) => candidate === base);
    assert.equal(utf8Bytes(name), 120);
    assert.ok(name.endsWith(' (2)'));
  });
});

describe('isPlainName', () => {
  it('rejects separators and dot names', () => {
    for (const bad of ['', '.', '..', 'a/b', 'a\\b', '../x', 'a\0b']) assert.equal(isPlainName(bad), false, JSON.stringify(bad));
    assert.equal(isPlainName('Song - Drums.mp3'), true);
    assert.equal(isPlainName('..hidden'), true);
  });
});
