import assert from 'node:assert/strict';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLibrary } from '../../main/library/library.js';
import { makeTempDir, songMeta } from './helpers.js';

// The `trash` package follows the freedesktop.org trash layout on Linux; pointing XDG_DATA_HOME at
// a temporary folder keeps the test away from the real user's trash. This file runs in its own
// process, so the variable changes nothing else.
describe('library default trash', { skip: process.platform !== 'linux' && 'freedesktop trash layout is Linux only' }, () => {
  it('moves the song folder to the XDG trash', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      process.env.XDG_DATA_HOME = path.join(dir, 'data');
      const library = await createLibrary({ root: path.join(dir, 'Library') });
      const song = await library.prepareSong(songMeta());
      await library.trash(song.manifest.songId);

      await assert.rejects(access(song.directory));
      const trashed = await readdir(path.join(dir, 'data', 'Trash', 'files'));
      assert.equal(trashed.length, 1);
      const inside = await readdir(path.join(dir, 'data', 'Trash', 'files', trashed[0] ?? ''));
      assert.deepEqual(inside, ['stemcrate.json']);
      assert.equal(library.get(song.manifest.songId), undefined);
    } finally {
      await cleanup();
    }
  });
});
