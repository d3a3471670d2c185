import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toLibraryRow } from '../../renderer/library/library-row.js';
import { makeSeparation, makeSong, makeStem } from './fixtures.js';

describe('toLibraryRow', () => {
  it('keeps list fields and counts', () => {
    const song = makeSong({
      favourite: true,
      coverUrl: '/media/cover/song-1',
      separations: [makeSeparation({ taskId: 'a', mode: 'vocal' }), makeSeparation({ taskId: 'b', mode: 'instrumental' }), makeSeparation({ taskId: 'c', mode: 'vocal' })],
      stems: [makeStem({ id: 'song-1/a.mp3' }), makeStem({ id: 'song-1/b.mp3' })],
    });
    assert.deepEqual(toLibraryRow(song), {
      id: 'song-1',
      title: 'Midnight Addiction',
      styleTags: 'synthwave',
      durationSeconds: 4,
      addedAt: 1_000,
      favourite: true,
      coverUrl: '/media/cover/song-1',
      separationCount: 3,
      modes: ['vocal', 'instrumental'],
      stemCount: 2,
    });
  });

  it('drops the stems themselves', () => {
    const row = toLibraryRow(makeSong({ stems: [makeStem()] }));
    assert.equal('stems' in row, false);
  });
});
