import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptySongMeta } from '../../main/library/manifest.js';
import { SongIndex, foldText } from '../../main/library/search.js';
import { MANIFEST_VERSION, type Manifest, type SongEntry, type StemRecord } from '../../main/library/types.js';
import { WordIndex } from '../../main/library/word-index.js';

function stem(key: string, label: string, mode: 'vocal' | 'instrumental'): StemRecord {
  return { key, sourceKey: `${key}_url`, label, mode, taskId: 't', fileName: `${label}.mp3`, bytes: 1, sha256: '', durationSeconds: null, nearSilent: false };
}

function entry(songId: string, title: string, extra: Partial<Manifest> & { lyrics?: string; styleTags?: string; duration?: number } = {}): SongEntry {
  const { lyrics = '', styleTags = '', duration = null, ...rest } = extra;
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    songId,
    song: { ...emptySongMeta(title), lyrics, styleTags, durationSeconds: duration },
    addedAt: 0,
    favourite: false,
    notes: '',
    tags: [],
    coverFile: null,
    separations: [],
    stems: [],
    warnings: [],
    ...rest,
  };
  return { manifest, directory: `/lib/${title}`, folderName: title, bytes: 0 };
}

function ids(list: SongEntry[]): string[] {
  return list.map((item) => item.manifest.songId);
}

function sampleIndex(): SongIndex {
  const index = new SongIndex();
  index.replaceAll([
    entry('a', 'Café del Mar', { addedAt: 3, styleTags: 'Chillout, Ambient', duration: 300, favourite: true }),
    entry('b', 'Midnight Addiction', { addedAt: 1, lyrics: 'Neon lights\nCorazón on fire', duration: 200, stems: [stem('drums', 'Drums', 'instrumental')] }),
    entry('c', 'Über Cool', { addedAt: 2, tags: ['Demo', 'live take'], duration: 100, stems: [stem('vocal', 'Vocals', 'vocal')] }),
  ]);
  return index;
}

describe('song search', () => {
  it('folds case and accents', () => {
    assert.equal(foldText('Café ÜBER Straße ﬁne'), 'cafe uber straße fine');
    const index = sampleIndex();
    assert.deepEqual(ids(index.list({ text: 'CAFE' })), ['a']);
    assert.deepEqual(ids(index.list({ text: 'café' })), ['a']);
    assert.deepEqual(ids(index.list({ text: 'uber' })), ['c']);
    assert.deepEqual(ids(index.list({ text: 'corazon' })), ['b']);
  });

  it('searches every field', () => {
    const index = sampleIndex();
    assert.deepEqual(ids(index.list({ text: 'ambient' })), ['a'], 'style tags');
    assert.deepEqual(ids(index.list({ text: 'demo' })), ['c'], 'user tags');
    assert.deepEqual(ids(index.list({ text: 'drums' })), ['b'], 'stem labels');
    assert.deepEqual(ids(index.list({ text: 'neon' })), ['b'], 'lyrics');
  });

  it('requires every term', () => {
    const index = sampleIndex();
    assert.deepEqual(ids(index.list({ text: 'live demo' })), ['c']);
    assert.deepEqual(ids(index.list({ text: 'live neon' })), []);
  });

  it('matches inside words', () => {
    const index = sampleIndex();
    assert.deepEqual(ids(index.list({ text: 'night' })), ['b']);
    assert.deepEqual(ids(index.list({ text: 'c' })), ['a', 'c', 'b']);
  });

  it('filters by mode and favourite', () => {
    const index = sampleIndex();
    assert.deepEqual(ids(index.list({ mode: 'instrumental' })), ['b']);
    assert.deepEqual(ids(index.list({ mode: 'vocal' })), ['c']);
    assert.deepEqual(ids(index.list({ favouritesOnly: true })), ['a']);
  });

  it('sorts by added, title and duration', () => {
    const index = sampleIndex();
    assert.deepEqual(ids(index.list({})), ['a', 'c', 'b']);
    assert.deepEqual(ids(index.list({ sort: 'title' })), ['a', 'b', 'c']);
    assert.deepEqual(ids(index.list({ sort: 'duration' })), ['c', 'b', 'a']);
  });

  it('reflects replaced and deleted songs', () => {
    const index = sampleIndex();
    index.put(entry('b', 'Sunrise', { addedAt: 1 }));
    assert.deepEqual(ids(index.list({ text: 'midnight' })), []);
    assert.deepEqual(ids(index.list({ text: 'sunrise' })), ['b']);
    index.delete('a');
    assert.deepEqual(ids(index.list({ text: 'cafe' })), []);
    assert.equal(index.size, 2);
  });

  it('finds songs by Suno id', () => {
    const index = new SongIndex();
    const first = entry('x', 'One');
    first.manifest.song.sunoId = 'suno-1';
    const copy = entry('y', 'One copy');
    copy.manifest.song.sunoId = 'suno-1';
    index.replaceAll([first, copy]);
    assert.equal(index.findBySunoId('suno-1')?.manifest.songId, 'x');
    index.delete('x');
    assert.equal(index.findBySunoId('suno-1')?.manifest.songId, 'y');
  });
});

describe('WordIndex', () => {
  it('matches substrings of words', () => {
    const words = new WordIndex();
    const first = words.add('neon lights');
    const second = words.add('neo classic');
    assert.deepEqual([...words.match('neo')], [1, 1]);
    assert.deepEqual([...words.match('eon')], [1, 0]);
    assert.equal(words.match('ssi')[second], 1);
    assert.equal(words.match('ssi')[first], 0);
  });

  it('forgets removed documents', () => {
    const words = new WordIndex();
    const first = words.add('alpha beta');
    words.add('beta gamma');
    words.remove(first);
    assert.deepEqual([...words.match('beta')], [0, 1]);
    assert.deepEqual([...words.match('a')], [0, 1]);
  });

  it('handles empty documents', () => {
    const words = new WordIndex();
    words.add('');
    assert.deepEqual([...words.match('x')], [0]);
  });

  it('scans documents for common terms', () => {
    // 16 words contain "e", more than 4 postings per each of the 3 documents, so matching "e"
    // tests each document; "x" is in one word, so its postings are merged.
    const words = new WordIndex();
    const texts = [Array.from({ length: 15 }, (_, number) => `e${number}`).join(' '), 'xyz abc', 'bee'];
    texts.forEach((text) => words.add(text));
    assert.deepEqual([...words.match('e')], [1, 0, 1]);
    assert.deepEqual([...words.match('x')], [0, 1, 0]);
  });

  it('forgets cached matches on change', () => {
    const words = new WordIndex();
    const first = words.add('neon');
    assert.deepEqual([...words.match('neo')], [1]);
    words.add('neo soul');
    assert.deepEqual([...words.match('neo')], [1, 1]);
    words.remove(first);
    assert.deepEqual([...words.match('neo')], [0, 1]);
  });

  it('adds documents by word id', () => {
    const words = new WordIndex();
    words.add('alpha');
    const ids = words.intern(['beta', 'alpha']);
    assert.deepEqual([...ids], [1, 0]);
    const second = words.addWordIds(ids);
    assert.deepEqual([...words.match('alp')], [1, 1]);
    assert.equal(words.match('bet')[second], 1);
    assert.throws(() => words.addWordIds(Int32Array.of(7)), RangeError);
  });
});

describe('WordIndex postings', () => {
  it('posts documents added after a match', () => {
    const words = new WordIndex();
    words.add('alpha beta');
    assert.deepEqual([...words.match('alp')], [1]);
    words.add('alpine');
    words.add('gamma');
    assert.deepEqual([...words.match('alp')], [1, 1, 0]);
    assert.deepEqual([...words.match('mm')], [0, 0, 1]);
  });

  it('stores a repeated word id once', () => {
    const words = new WordIndex();
    const ids = words.intern(['echo', 'delta']);
    const document = words.addWordIds(Int32Array.of(ids[0] ?? -1, ids[0] ?? -1, ids[1] ?? -1));
    words.add('other');
    assert.deepEqual([...words.match('ech')], [1, 0]);
    words.remove(document);
    assert.deepEqual([...words.match('ech')], [0, 0]);
  });

  it('rebuilds postings after many removals', () => {
    const words = new WordIndex();
    const texts = Array.from({ length: 10 }, (_, number) => `song${number} shared`);
    const numbers = texts.map((text) => words.add(text));
    assert.equal(words.match('shared').filter((found) => found === 1).length, 10);
    // Seven of ten removed is more than half the live documents, which rebuilds every list.
    for (const number of numbers.slice(0, 7)) words.remove(number);
    const added = words.add('song10 shared');
    const matched = words.match('shared');
    assert.deepEqual([...matched], [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    assert.equal(words.match('song1')[added], 1);
    assert.equal(words.match('song1')[1], 0, 'a removed document stays unmatched');
  });
});

describe('SongIndex preload', () => {
  it('matches songs indexed from text', () => {
    const fresh = sampleIndex();
    const stored = sampleIndex();
    const vocabulary = Array.from({ length: stored.searchWordCount }, (_, id) => stored.searchWord(id));
    const songs = stored.entries().map((song) => ({ entry: song, wordIds: stored.searchWordIds(song.manifest.songId) ?? new Int32Array() }));

    // A non-empty index gives the stored words other ids, which preload must translate.
    const preloaded = new SongIndex();
    preloaded.put(entry('z', 'Zebra Crossing', { addedAt: 9 }));
    preloaded.preload(vocabulary, songs);
    preloaded.delete('z');
    for (const text of ['cafe', 'neon', 'demo', 'drums', 'c', 'zebra', 'ambient live']) {
      assert.deepEqual(ids(preloaded.list({ text })), ids(fresh.list({ text })), text);
    }
  });

  it('rejects word ids outside the vocabulary', () => {
    const index = new SongIndex();
    assert.throws(() => index.preload(['one'], [{ entry: entry('a', 'One'), wordIds: Int32Array.of(0, 1) }]), RangeError);
  });
});
